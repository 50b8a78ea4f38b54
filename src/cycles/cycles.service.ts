import { Injectable } from '@nestjs/common';
import { assertCalendarDate } from '../common/calendar-date';
import { conflict, notFound } from '../common/domain-error';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { JournalService } from '../audit/journal.service';
import { HistoryItemView } from '../audit/history.mapper';
import { HistoryPage, HistoryService } from '../audit/history.service';
import type { RecordHistoryQueryDto } from '../audit/dto/history-query.dto';
import { AsOfService } from '../audit/as-of.service';
import type { CycleAsOfView } from '../audit/as-of.mapper';
import type { AsOfQueryDto } from '../cases/dto/as-of-query.dto';
import type { AuthUser } from '../auth/auth.types';
import { CaseEntity } from '../cases/case.entity';
import { CaseContext, caseMachine } from '../cases/case-machine';
import { CasesRepository } from '../cases/cases.repository';
import { StatutesService } from '../statutes/statutes.service';
import { allowedEventsFor, initialState } from '../workflow/machine-runtime';
import { CycleEntity } from './cycle.entity';
import { CycleContext, cycleMachine, cycleWorkflow } from './cycle-machine';
import { CycleView, toCycleView } from './cycle.mapper';
import { CyclesRepository } from './cycles.repository';
import { CreateCycleDto } from './dto/create-cycle.dto';
import { CycleEventDto } from './dto/cycle-event.dto';
import { CycleWriter } from './cycle-writer';
import { percentToBasisPoints, withheldCents } from './money';

@Injectable()
export class CyclesService {
  constructor(
    private readonly cycles: CyclesRepository,
    private readonly cases: CasesRepository,
    private readonly statutes: StatutesService,
    private readonly unitOfWork: UnitOfWork,
    private readonly journal: JournalService,
    private readonly histories: HistoryService,
    private readonly clock: Clock,
    private readonly asOf: AsOfService,
    private readonly writer: CycleWriter,
  ) {}

  /** `?asOf=` answers the cycle as it stood then, rebuilt from the journal; otherwise the live cycle. */
  read(user: AuthUser, id: string, query: AsOfQueryDto): Promise<CycleView | CycleAsOfView> {
    return query.asOf ? this.asOf.cycleAsOf(id, query.asOf) : this.get(user, id);
  }

  async list(user: AuthUser): Promise<CycleView[]> {
    const cycles = await this.cycles.list();
    return Promise.all(cycles.map(async (cycle) => this.view(cycle, await this.cases.listByCycle(cycle.id), user)));
  }

  async get(user: AuthUser, id: string): Promise<CycleView> {
    const cycle = await this.cycles.findById(id);
    if (!cycle) throw notFound('cycle', id);
    return this.view(cycle, await this.cases.listByCycle(id), user);
  }

  /** Applies one cycle event through the CycleWriter and answers the cycle as GET does. */
  async sendEvent(user: AuthUser, id: string, dto: CycleEventDto): Promise<CycleView> {
    const { cycle, cases } = await this.writer.change(user, id, {
      type: dto.type, comment: dto.comment, destination: dto.destination, amountCents: dto.amountCents, expectedVersion: dto.expectedVersion,
    });
    return this.view(cycle, cases, user);
  }

  async history(id: string, query: RecordHistoryQueryDto = {}): Promise<HistoryItemView[] | HistoryPage> {
    if (!(await this.cycles.findById(id))) throw notFound('cycle', id);
    return this.histories.ofRecord('cycle', id, query);
  }

  /** Opens a cycle and one case per criterion of its statute, journalled, in one transaction. */
  async create(user: AuthUser, dto: CreateCycleDto): Promise<CycleView> {
    const statute = this.statutes.get(dto.statuteId);
    assertCalendarDate(dto.obligationDeadline, 'obligationDeadline');
    const { cycle, cases } = await this.unitOfWork.write(async (tx) => {
      if (await this.cycles.findForUpdate(tx, dto.id)) throw conflict('CYCLE_EXISTS', `A cycle with id '${dto.id}' exists`);
      const twin = await this.cycles.findByStatuteAndYear(tx, statute.id, dto.fiscalYear);
      if (twin) throw conflict('CYCLE_EXISTS', `Cycle '${twin.id}' already applies ${statute.id} to fiscal year ${dto.fiscalYear}`);
      const at = this.clock.now().toISOString();
      const basisPoints = percentToBasisPoints(statute.withheldPercent);
      const snapshot = initialState<CycleContext>(cycleMachine, { decision: null });
      const cycle = Object.assign(new CycleEntity(), {
        id: dto.id,
        statuteId: statute.id,
        fiscalYear: dto.fiscalYear,
        appropriatedCents: dto.appropriatedCents,
        withheldBasisPoints: basisPoints,
        withheldCents: withheldCents(dto.appropriatedCents, basisPoints),
        obligationDeadline: dto.obligationDeadline,
        state: snapshot.value,
        snapshot,
        version: 1,
        decision: null,
        createdBy: user.username,
        createdAt: at,
        updatedAt: at,
      });
      await this.cycles.insert(tx, cycle);
      const cases = statute.criteria.map((criterion) => {
        const caseSnapshot = initialState<CaseContext>(caseMachine, { submittedBy: null, approvedFinding: null });
        return Object.assign(new CaseEntity(), {
          id: `${cycle.id}.${criterion.code}`,
          cycleId: cycle.id,
          criterionCode: criterion.code,
          state: caseSnapshot.value,
          snapshot: caseSnapshot,
          version: 1,
          proposedRating: null,
          proposedRationale: null,
          proposedNarrative: null,
          finding: null,
          submittedBy: null,
          updatedAt: at,
        });
      });
      await this.cases.insert(tx, cases);
      await this.journal.append(tx, [
        {
          at, entityType: 'cycle', entityId: cycle.id, cycleId: cycle.id, event: 'OPEN_CYCLE', toState: cycle.state, actor: user.username,
          payload: {
            version: 1, statuteId: cycle.statuteId, fiscalYear: cycle.fiscalYear, appropriatedCents: cycle.appropriatedCents,
            withheldBasisPoints: basisPoints, withheldCents: cycle.withheldCents, obligationDeadline: cycle.obligationDeadline,
          },
        },
        ...cases.map((c) => ({
          at, entityType: 'case' as const, entityId: c.id, cycleId: cycle.id, caseId: c.id, event: 'OPEN_CASE', toState: c.state, actor: user.username,
          payload: { version: 1, criterionCode: c.criterionCode },
        })),
      ]);
      return { cycle, cases };
    });
    return this.view(cycle, cases, user);
  }

  view(cycle: CycleEntity, cases: CaseEntity[], user: AuthUser): CycleView {
    return toCycleView(cycle, cases, allowedEventsFor(cycleWorkflow, cycle.snapshot, { username: user.username, roles: user.roles }));
  }
}
