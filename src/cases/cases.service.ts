import { Injectable } from '@nestjs/common';
import { invalidInput, notFound } from '../common/domain-error';
import { EVIDENCE_DEFAULT_PAGE_SIZE } from '../evidence/dto/evidence.dto';
import { allowedEventsFor, mayNow } from '../workflow/machine-runtime';
import type { AuthUser } from '../auth/auth.types';
import { HistoryItemView } from '../audit/history.mapper';
import { HistoryPage, HistoryService } from '../audit/history.service';
import type { RecordHistoryQueryDto } from '../audit/dto/history-query.dto';
import { AsOfService } from '../audit/as-of.service';
import type { CaseAsOfView } from '../audit/as-of.mapper';
import { criterionOf, StatutesService } from '../statutes/statutes.service';
import { CaseEntity } from './case.entity';
import { caseWorkflow } from './case-machine';
import { CaseView, toCaseView } from './case.mapper';
import { CasesRepository } from './cases.repository';
import { CaseWriter } from './case-writer';
import { AsOfQueryDto } from './dto/as-of-query.dto';
import { CaseEventDto } from './dto/case-event.dto';
import { ProposedFindingDto } from './dto/proposed-finding.dto';
import type { CopyOrigin } from '../common/copy-origin';

@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly writer: CaseWriter,
    private readonly statutes: StatutesService,
    private readonly histories: HistoryService,
    private readonly asOf: AsOfService,
  ) {}

  /** `?asOf=` answers the case as it stood then, rebuilt from the journal; otherwise the live case. */
  read(user: AuthUser, id: string, query: AsOfQueryDto): Promise<CaseView | CaseAsOfView> {
    if (query.asOf) return this.asOf.caseAsOf(id, query.asOf, { page: query.evidencePage ?? 1, pageSize: query.evidencePageSize ?? EVIDENCE_DEFAULT_PAGE_SIZE });
    // The live case lists no evidence (GET /api/cases/:id/evidence pages it): paging it here would be silently ignored.
    if (query.evidencePage !== undefined || query.evidencePageSize !== undefined) {
      throw invalidInput('AS_OF_REQUIRED', 'evidencePage and evidencePageSize page the evidence of an as-of view: give asOf too', { fields: ['asOf'] });
    }
    return this.get(user, id);
  }

  async get(user: AuthUser, id: string): Promise<CaseView> {
    const record = await this.cases.findById(id);
    if (!record) throw notFound('case', id);
    return this.view(record, user);
  }

  async sendEvent(user: AuthUser, id: string, dto: CaseEventDto): Promise<CaseView> {
    const { record } = await this.writer.change(user, id, { type: dto.type, comment: dto.comment, expectedVersion: dto.expectedVersion });
    return this.view(record, user);
  }

  /** `origin` marks a finding carried forward from an earlier cycle's case. */
  async proposeFinding(user: AuthUser, id: string, dto: ProposedFindingDto, origin?: CopyOrigin<CaseEntity>): Promise<CaseView> {
    const { record } = await this.writer.change(user, id, {
      type: 'PROPOSE_FINDING',
      expectedVersion: dto.expectedVersion,
      apply: async (tx, current, at) => {
        current.proposedRating = dto.rating;
        current.proposedRationale = dto.rationale.trim();
        current.proposedNarrative = dto.narrative;
        if (origin) await origin.record(tx, current, at);
        const carried = origin ? { carriedFrom: origin.carriedFrom } : {};
        return { result: undefined, journal: { payload: { rating: dto.rating, rationale: current.proposedRationale, narrative: dto.narrative, ...carried } } };
      },
    });
    return this.view(record, user);
  }

  async history(id: string, query: RecordHistoryQueryDto = {}): Promise<HistoryItemView[] | HistoryPage> {
    if (!(await this.cases.findById(id))) throw notFound('case', id);
    return this.histories.ofRecord('case', id, query);
  }

  /** The criterion text shown is the cycle's pinned statute version, never the file as it reads now. */
  async view(record: CaseEntity, user: AuthUser): Promise<CaseView> {
    const actor = { username: user.username, roles: user.roles };
    const canEdit = mayNow(caseWorkflow, record.snapshot, actor, 'ADD_EVIDENCE');
    const criterion = criterionOf(await this.statutes.version(record.statuteVersion), record.criterionCode);
    return toCaseView(record, criterion, allowedEventsFor(caseWorkflow, record.snapshot, actor), canEdit);
  }
}
