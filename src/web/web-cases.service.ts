import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth.types';
import { conflict, invalidInput, notFound } from '../common/domain-error';
import { CasesService } from '../cases/cases.service';
import { CaseEventDto } from '../cases/dto/case-event.dto';
import { ProposedFindingDto } from '../cases/dto/proposed-finding.dto';
import { EvidenceDto, EvidenceView, RetractEvidenceDto } from '../evidence/dto/evidence.dto';
import { EvidenceService } from '../evidence/evidence.service';
import { CasePageExtras, casePageView, EvidenceListing, NO_EXTRAS } from './case.view';
import type { CaseView } from '../cases/case.mapper';
import { CarryForwardService } from '../carry-forward/carry-forward.service';
import { StatuteLineageService } from '../statutes/statute-lineage.service';
import { StatutesService } from '../statutes/statutes.service';
import { yearOverYearView } from './year-over-year.view';
import { RELIABILITY_GRADES, STANCES } from '../evidence/evidence-revision.entity';
import type { HistoryPage } from '../audit/history.service';
import { formToDto } from './web-forms';
import { EVENT_LABELS } from './web-labels';
import { WebPage } from './web-page';
import type { WebRequest } from './web-session';
import { AssignService } from '../work/assign.service';
import { UsersRepository } from '../auth/users.repository';
import { Clock } from '../common/clock';
import { dueView } from '../work/due';

const NOTICES: Record<string, string> = {
  evidence: 'Evidence added.',
  finding: 'Proposed finding saved.',
  retracted: 'Evidence retracted. The record is kept with its reason.',
  revised: 'Evidence revised. The earlier revision is kept.',
  assigned: 'Assignment saved. The analyst and the reviewer have been notified.',
};

const EVIDENCE_FIELDS = {
  kind: 'string', title: 'string', source: 'string', sourceDate: 'string', periodStart: 'string', periodEnd: 'string',
  url: 'optional', summary: 'string', stance: 'string', reliability: 'string', credibility: 'int', sensitivity: 'optional',
} as const;

/** Evidence items per case page; "more" shows the next ones. */
export const CASE_PAGE_EVIDENCE = 50;
/** Timeline entries on the case page, the latest ones. */
export const CASE_PAGE_TIMELINE = 50;

/** The case page's evidence listing from its query string; a value that is not one of the allowed ones is ignored. */
export function evidenceListing(query: Record<string, unknown>): EvidenceListing {
  const page = typeof query.evidencePage === 'string' && /^[1-9]\d{0,5}$/.test(query.evidencePage) ? Number(query.evidencePage) : 1;
  const pick = <T extends string>(value: unknown, allowed: readonly T[]) => (typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined);
  return { page, stance: pick(query.stance, STANCES), reliability: pick(query.reliability, RELIABILITY_GRADES) };
}

export function caseUrl(id: string, done?: string): string {
  return `/cases/${encodeURIComponent(id)}${done ? `?done=${encodeURIComponent(done)}` : ''}`;
}

/** The case page and its forms: each form goes to the same service method as the API route. */
@Injectable()
export class WebCasesService {
  constructor(
    private readonly cases: CasesService,
    private readonly evidence: EvidenceService,
    private readonly page: WebPage,
    private readonly assign: AssignService,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
    private readonly statutes: StatutesService,
    private readonly lineage: StatuteLineageService,
    private readonly carryForward: CarryForwardService,
  ) {}

  async show(req: WebRequest, id: string, query: Record<string, unknown> = {}, extras: CasePageExtras = NO_EXTRAS): Promise<string> {
    const user = req.user as AuthUser;
    const { done } = query;
    const listing = evidenceListing(query);
    const [view, evidence, history] = await Promise.all([
      this.cases.get(user, id),
      this.evidence.page(id, { page: listing.page, pageSize: CASE_PAGE_EVIDENCE, stance: listing.stance, reliability: listing.reliability }),
      // The latest events only: a case with thousands of events links to its full history instead.
      this.cases.history(id, { page: 1, pageSize: CASE_PAGE_TIMELINE, order: 'desc' }) as Promise<HistoryPage>,
    ]);
    const notice = extras.notice ?? (typeof done === 'string' ? (NOTICES[done] ?? (EVENT_LABELS[done] ? `Done: ${EVENT_LABELS[done]}.` : null)) : null);
    const earlier = await this.earlierRevisions(evidence.items);
    const page = { ...casePageView(view, evidence, history, { ...extras, notice }, earlier, listing), assignment: await this.assignmentPanel(user, id, extras), yearOverYear: await this.yearOverYear(view) };
    return this.page.render(req, 'case', { title: `${view.criterion.title} · ${view.cycleId}`, section: 'cycles' }, page);
  }

  /** Who works on the case; managers get the form to (re)assign it, with analysts and reviewers to pick from. */
  private async assignmentPanel(user: AuthUser, id: string, extras: CasePageExtras) {
    const current = await this.assign.get(id);
    const isManager = user.roles.includes('manager');
    if (!current && !isManager) return null;
    const failed = extras.failedForm === 'assignment';
    const pick = (name: 'analyst' | 'reviewer') => (failed ? extras.values[name] : undefined) ?? current?.[name] ?? '';
    const options = async (role: string, selected: string) => [
      { value: '', label: 'Choose…', selected: selected === '' },
      ...(await this.users.activeWithRole(role)).map((u) => ({ value: u.username, label: `${u.displayName} (${u.username})`, selected: u.username === selected })),
    ];
    return {
      current: current ? { analyst: current.analyst, reviewer: current.reviewer, due: dueView(current.dueDate, this.clock.now()) } : null,
      form: isManager
        ? {
            analysts: await options('analyst', pick('analyst')),
            reviewers: await options('reviewer', pick('reviewer')),
            dueDate: (failed ? extras.values.dueDate : undefined) ?? current?.dueDate ?? '',
            error: failed ? extras.error : null,
          }
        : null,
    };
  }

  /** The criterion against the same family's wording in the previous year's act, and where the case was carried from. */
  private async yearOverYear(view: CaseView) {
    const statute = await this.statutes.version(view.statuteVersion);
    const found = this.lineage.earlierText(statute, view.criterion.family, view.criterion.text);
    return yearOverYearView(found, found ? await this.carryForward.factsFor(view.id) : null);
  }

  /** Revision lists only for items that were revised: most items have one revision and cost nothing. */
  private async earlierRevisions(evidence: EvidenceView[]): Promise<Map<string, EvidenceView[]>> {
    const revised = evidence.filter((e) => e.revision > 1);
    const lists = await Promise.all(revised.map((e) => this.evidence.revisions(e.id)));
    return new Map(revised.map((e, i) => [e.id, lists[i]]));
  }

  async addEvidence(user: AuthUser, id: string, body: unknown) {
    const dto = formToDto(EvidenceDto, body, EVIDENCE_FIELDS);
    await this.evidence.add(user, id, dto);
    return { url: `${caseUrl(id, 'evidence')}#evidence` };
  }

  async proposeFinding(user: AuthUser, id: string, body: unknown) {
    const dto = formToDto(ProposedFindingDto, body, { rating: 'string', rationale: 'string', narrative: 'string', expectedVersion: 'optionalInt' });
    await this.cases.proposeFinding(user, id, dto);
    return { url: `${caseUrl(id, 'finding')}#finding` };
  }

  async sendEvent(user: AuthUser, id: string, body: unknown) {
    const dto = formToDto(CaseEventDto, body, { type: 'string', comment: 'optional', expectedVersion: 'optionalInt' });
    await this.cases.sendEvent(user, id, dto);
    return { url: caseUrl(id, dto.type) };
  }

  async revise(user: AuthUser, caseId: string, evidenceId: string, body: unknown) {
    const dto = formToDto(EvidenceDto, body, EVIDENCE_FIELDS);
    const raw = (body as Record<string, unknown> | undefined)?.baseRevision;
    if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw invalidInput('VALIDATION_FAILED', 'baseRevision must be the revision number the form was filled from');
    if (!/^[0-9a-f-]{36}$/i.test(evidenceId)) throw notFound('evidence', evidenceId);
    const item = await this.evidence.get(evidenceId);
    // The evidence must belong to this case: the URL names both.
    if (item.caseId !== caseId) throw notFound('evidence', evidenceId);
    // A page opened before someone else's revision would silently overwrite it: refuse; the page shows both texts to choose from.
    if (Number(raw) !== item.revision) {
      throw conflict('STALE_REVISION', `This item was revised by ${item.revisedBy} after your page was loaded (it is now at revision ${item.revision}); nothing was saved.`);
    }
    await this.evidence.revise(user, evidenceId, dto);
    return { url: `${caseUrl(caseId, 'revised')}#evidence-${evidenceId}` };
  }

  async retract(user: AuthUser, caseId: string, evidenceId: string, body: unknown) {
    const dto = formToDto(RetractEvidenceDto, body, { reason: 'string' });
    // The evidence must belong to this case: the URL names both.
    if (!/^[0-9a-f-]{36}$/i.test(evidenceId)) throw notFound('evidence', evidenceId);
    const item = await this.evidence.get(evidenceId);
    if (item.caseId !== caseId) return { url: caseUrl(caseId) };
    await this.evidence.retract(user, evidenceId, dto);
    return { url: `${caseUrl(caseId, 'retracted')}#evidence` };
  }
}
