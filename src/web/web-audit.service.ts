import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ExportQueryDto } from '../audit/dto/export-query.dto';
import { HistoryQueryDto } from '../audit/dto/history-query.dto';
import { HistoryService } from '../audit/history.service';
import type { AuthUser } from '../auth/auth.types';
import { AUDIT_FILTERS, auditPageView } from './audit.view';
import { formToDto, formValues } from './web-forms';
import { DomainError } from '../common/domain-error';
import { UsersService } from '../auth/users.service';
import { WebPage } from './web-page';
import { AsOfService } from '../audit/as-of.service';
import { EvidenceService } from '../evidence/evidence.service';
import { EVIDENCE_DEFAULT_PAGE_SIZE } from '../evidence/dto/evidence.dto';
import { notFound } from '../common/domain-error';
import { fieldMessagesOf } from './form-feedback';
import { AS_OF_ENTITIES, AsOfEntity, caseAsOfView, cycleAsOfView, revisionCompareView } from './audit-record.view';
import type { WebRequest } from './web-session';

const PAGE_SIZE = 50;

/** The audit page: HistoryService for the filtered journal, AuditService for verification and export. */
@Injectable()
export class WebAuditService {
  constructor(
    private readonly history: HistoryService,
    private readonly audit: AuditService,
    private readonly page: WebPage,
    private readonly users: UsersService,
    private readonly asOf: AsOfService,
    private readonly evidence: EvidenceService,
  ) {}

  async show(req: WebRequest, query: Record<string, unknown>): Promise<string> {
    const canVerify = (req.user as AuthUser).roles.includes('auditor');
    const actors = ['system', ...(await this.users.list()).map((u) => u.username)];
    let dto: HistoryQueryDto;
    let filterError: string | null = null;
    let filterFields: Record<string, string> = {};
    try {
      dto = formToDto(HistoryQueryDto, query, {
        entity: 'optional', entityId: 'optional', actor: 'optional', event: 'optional', from: 'optional', to: 'optional', page: 'optionalInt', order: 'optional',
      });
      HistoryService.filterOf(dto);
    } catch (error) {
      // A bad filter is explained above the form, which keeps what was typed; the journal is shown unfiltered.
      filterError = error instanceof DomainError ? error.message : 'The filter could not be read';
      filterFields = error instanceof DomainError ? fieldMessagesOf(error.details, error.message) : {};
      dto = new HistoryQueryDto();
    }
    dto.pageSize = PAGE_SIZE;
    const filters: Record<string, string> = {};
    for (const name of AUDIT_FILTERS) if (typeof dto[name] === 'string') filters[name] = dto[name] as string;
    let result = await this.history.search(dto);
    // Paging cannot run past the end: a page beyond the last shows the last.
    const lastPage = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    if ((dto.page ?? 1) > lastPage) {
      dto.page = lastPage;
      result = await this.history.search(dto);
    }
    // Verification reads the whole journal: only when asked for, and only for auditors (as the API).
    const verification = canVerify && query.verify === '1' ? await this.audit.verify() : null;
    const typed = filterError ? formValues(query) : {};
    const view = auditPageView(dto, filters, result, verification, canVerify, { actors, filterError, filterFields, typed });
    return this.page.render(req, 'audit', { title: 'Audit journal', section: 'audit' }, { ...view, record: await this.recordAsOf(query) });
  }

  /** The as-of form's record: a case or cycle rebuilt from the journal as it stood at the instant given. */
  private async recordAsOf(query: Record<string, unknown>) {
    const read = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).trim() : '');
    const entity: AsOfEntity = (AS_OF_ENTITIES as readonly string[]).includes(read('asOfEntity')) ? (read('asOfEntity') as AsOfEntity) : 'case';
    const values = { id: read('asOfId'), at: read('asOf') };
    const form = { entities: AS_OF_ENTITIES.map((value) => ({ value, label: value, selected: value === entity })), ...values };
    if (!values.id && !values.at) return { form, view: null, error: null };
    if (!values.id) return { form, view: null, error: `Name the ${entity} to show: its id, for example MX-FY2009${entity === 'case' ? '.MX-FY09-TORTURE' : ''}.` };
    if (!values.at) return { form, view: null, error: 'Give the instant to show it at, for example 2015-10-01 or 2015-10-01T12:00:00Z.' };
    try {
      const page = /^\d{1,6}$/.test(read('asOfPage')) ? Math.max(1, Number(read('asOfPage'))) : 1;
      const pageLink = (n: number) => `/audit?${new URLSearchParams({ ...stringParams(query), asOfPage: String(n) })}#as-of`;
      const view =
        entity === 'case' ? caseAsOfView(await this.asOf.caseAsOf(values.id, values.at, { page, pageSize: EVIDENCE_DEFAULT_PAGE_SIZE }), pageLink) : cycleAsOfView(await this.asOf.cycleAsOf(values.id, values.at));
      return { form, view, error: null };
    } catch (error) {
      // A record that did not exist yet, or an instant that is not one: said beside the form, the page stays.
      if (error instanceof DomainError && (error.kind === 'invalid' || error.kind === 'not_found')) return { form, view: null, error: error.message };
      throw error;
    }
  }

  /** Two revisions of an evidence item side by side; without from/to, the latest revision against the one before. */
  async compare(req: WebRequest, evidenceId: string, query: Record<string, unknown>): Promise<string> {
    if (!/^[0-9a-f-]{36}$/i.test(evidenceId)) throw notFound('evidence', evidenceId);
    const revisions = await this.evidence.revisions(evidenceId);
    const latest = revisions[revisions.length - 1];
    const pick = (name: string, fallback: number) => {
      const raw = query[name];
      const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : fallback;
      return revisions.find((r) => r.revision === n) ?? revisions.find((r) => r.revision === fallback)!;
    };
    const to = pick('to', latest.revision);
    const from = pick('from', Math.max(1, to.revision - 1));
    return this.page.render(req, 'audit-compare', { title: `Revisions of ${latest.title}`, section: 'audit' }, revisionCompareView(revisions, from, to));
  }

  export(query: ExportQueryDto) {
    return this.audit.exportFor(query);
  }
}

/** The page's query as it came, string values only (for links that change one parameter). */
function stringParams(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
