import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth.types';
import { notFound } from '../common/domain-error';
import { CasesService } from '../cases/cases.service';
import { CaseEventDto } from '../cases/dto/case-event.dto';
import { ProposedFindingDto } from '../cases/dto/proposed-finding.dto';
import { EvidenceDto, RetractEvidenceDto } from '../evidence/dto/evidence.dto';
import { EvidenceService } from '../evidence/evidence.service';
import { CasePageExtras, casePageView, NO_EXTRAS } from './case.view';
import { formToDto } from './web-forms';
import { EVENT_LABELS } from './web-labels';
import { WebPage } from './web-page';
import type { WebRequest } from './web-session';

const NOTICES: Record<string, string> = {
  evidence: 'Evidence added.',
  finding: 'Proposed finding saved.',
  retracted: 'Evidence retracted. The record is kept with its reason.',
};

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
  ) {}

  async show(req: WebRequest, id: string, done: unknown, extras: CasePageExtras = NO_EXTRAS): Promise<string> {
    const user = req.user as AuthUser;
    const [view, evidence, history] = await Promise.all([this.cases.get(user, id), this.evidence.list(id), this.cases.history(id)]);
    const notice = extras.notice ?? (typeof done === 'string' ? (NOTICES[done] ?? (EVENT_LABELS[done] ? `Done: ${EVENT_LABELS[done]}.` : null)) : null);
    return this.page.render(req, 'case', { title: `${view.criterion.title} · ${view.cycleId}`, section: 'cycles' }, casePageView(view, evidence, history, { ...extras, notice }));
  }

  async addEvidence(user: AuthUser, id: string, body: unknown) {
    const dto = formToDto(EvidenceDto, body, {
      kind: 'string', title: 'string', source: 'string', sourceDate: 'string', periodStart: 'string', periodEnd: 'string',
      url: 'optional', summary: 'string', stance: 'string', reliability: 'string', credibility: 'int', sensitivity: 'optional',
    });
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
