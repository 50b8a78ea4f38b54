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
  ) {}

  async show(req: WebRequest, query: Record<string, unknown>): Promise<string> {
    const canVerify = (req.user as AuthUser).roles.includes('auditor');
    const actors = ['system', ...(await this.users.list()).map((u) => u.username)];
    let dto: HistoryQueryDto;
    let filterError: string | null = null;
    try {
      dto = formToDto(HistoryQueryDto, query, {
        entity: 'optional', entityId: 'optional', actor: 'optional', event: 'optional', from: 'optional', to: 'optional', page: 'optionalInt', order: 'optional',
      });
      HistoryService.filterOf(dto);
    } catch (error) {
      // A bad filter is explained above the form, which keeps what was typed; the journal is shown unfiltered.
      filterError = error instanceof DomainError ? error.message : 'The filter could not be read';
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
    return this.page.render(req, 'audit', { title: 'Audit journal', section: 'audit' }, auditPageView(dto, filters, result, verification, canVerify, { actors, filterError, typed }));
  }

  export(query: ExportQueryDto) {
    return this.audit.exportFor(query);
  }
}
