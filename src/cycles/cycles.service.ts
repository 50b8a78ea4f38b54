import { Injectable } from '@nestjs/common';
import { assertCalendarDate } from '../common/calendar-date';
import { conflict, invalidInput, notFound } from '../common/domain-error';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { isUniqueViolation } from '../database/storage-fault';
import { JournalService } from '../audit/journal.service';
import { HistoryItemView } from '../audit/history.mapper';
import { HistoryPage, HistoryService } from '../audit/history.service';
import type { RecordHistoryQueryDto } from '../audit/dto/history-query.dto';
import { AsOfService } from '../audit/as-of.service';
import type { CycleAsOfView } from '../audit/as-of.mapper';
import type { AsOfQueryDto } from '../cases/dto/as-of-query.dto';
import type { AuthUser } from '../auth/auth.types';
import { CaseEntity } from '../cases/case.entity';
import { CaseContext, caseMachine, NO_ROUND_AUTHORS } from '../cases/case-machine';
import { CasesRepository } from '../cases/cases.repository';
import type { Statute } from '../statutes/statute-catalog';
import { StatutesService, trancheOf } from '../statutes/statutes.service';
import { allowedEventsFor, initialState, mayNow } from '../workflow/machine-runtime';
import { CycleEntity } from './cycle.entity';
import { TrancheEntity } from './tranche.entity';
import { TrancheContext, trancheMachine, trancheWorkflowFor } from './tranche-machine';
import { CycleView, toCycleView } from './cycle.mapper';
import { CyclesRepository } from './cycles.repository';
import { CreateCycleDto } from './dto/create-cycle.dto';
import { CycleEventDto } from './dto/cycle-event.dto';
import { LoadedCycle, TrancheRunner } from './tranche-runner';
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
    private readonly runner: TrancheRunner,
  ) {}

  /** `?asOf=` answers the cycle as it stood then, rebuilt from the journal; otherwise the live cycle. */
  read(user: AuthUser, id: string, query: AsOfQueryDto): Promise<CycleView | CycleAsOfView> {
    return query.asOf ? this.asOf.cycleAsOf(id, query.asOf) : this.get(user, id);
  }

  async list(user: AuthUser): Promise<CycleView[]> {
    const cycles = await this.cycles.list();
    const tranches = await this.cycles.allTranches();
    return Promise.all(
      cycles.map(async (cycle) => this.view({
        cycle, statute: await this.statutes.version(cycle.statuteVersion), tranches: tranches.get(cycle.id) ?? [], cases: await this.cases.listByCycle(cycle.id),
      }, user)),
    );
  }

  async get(user: AuthUser, id: string): Promise<CycleView> {
    return this.view(await this.load(id), user);
  }

  /** The cycle with its pinned statute, tranches and cases, as last committed. */
  async load(id: string): Promise<LoadedCycle> {
    const cycle = await this.cycles.findById(id);
    if (!cycle) throw notFound('cycle', id);
    return { cycle, statute: await this.statutes.version(cycle.statuteVersion), tranches: await this.cycles.tranchesOf(id), cases: await this.cases.listByCycle(id) };
  }

  /** Applies one tranche event (or the cycle-wide REPIN_STATUTE) through the runner and answers the cycle as GET does. */
  async sendEvent(user: AuthUser, id: string, dto: CycleEventDto): Promise<CycleView> {
    const loaded = await this.runner.change(user, id, {
      type: dto.type, tranche: dto.tranche, comment: dto.comment, destination: dto.destination, amountCents: dto.amountCents, expectedVersion: dto.expectedVersion,
    });
    return this.view(loaded, user);
  }

  async history(id: string, query: RecordHistoryQueryDto = {}): Promise<HistoryItemView[] | HistoryPage> {
    if (!(await this.cycles.findById(id))) throw notFound('cycle', id);
    return this.histories.ofRecord('cycle', id, query);
  }

  /** Opens a cycle, its tranches and one case per criterion of each, pinned to the current catalog version, journalled, in one transaction. */
  async create(user: AuthUser, dto: CreateCycleDto): Promise<CycleView & { warnings: string[] }> {
    const statute = this.statutes.get(dto.statuteId);
    const statuteVersion = this.statutes.currentVersion(statute.id);
    assertCalendarDate(dto.obligationDeadline, 'obligationDeadline');
    const recipient = pickRecipient(statute, dto.recipient);
    const tranches = trancheMoney(statute, dto);
    const warnings = statute.fiscalYears.includes(dto.fiscalYear)
      ? []
      : [`${statute.id} names fiscal years ${statute.fiscalYears.join(', ')}; FY${dto.fiscalYear} is opened as a carried-forward provision`];
    const loaded = await this.unitOfWork.write(async (tx) => {
      if (await this.cycles.findForUpdate(tx, dto.id)) throw conflict('CYCLE_EXISTS', `A cycle with id '${dto.id}' exists`);
      const twin = await this.cycles.findByTriple(tx, statute.id, dto.fiscalYear, recipient);
      if (twin) throw conflict('CYCLE_EXISTS', `Cycle '${twin.id}' already applies ${statute.id} to fiscal year ${dto.fiscalYear} for ${recipient}`);
      const at = this.clock.now().toISOString();
      const cycle = Object.assign(new CycleEntity(), {
        id: dto.id, statuteId: statute.id, statuteVersion, recipient, fiscalYear: dto.fiscalYear, obligationDeadline: dto.obligationDeadline,
        version: 1, createdBy: user.username, createdAt: at, updatedAt: at,
      });
      const trancheRows = tranches.map((money, position) => {
        const snapshot = initialState<TrancheContext>(trancheMachine, { decision: null });
        return Object.assign(new TrancheEntity(), { cycleId: cycle.id, position, ...money, state: snapshot.value, snapshot, decision: null, updatedAt: at });
      });
      await this.cycles.insert(tx, cycle, trancheRows);
      const cases = statute.tranches.flatMap((tranche) =>
        tranche.criteria.map((criterion) => {
          const caseSnapshot = initialState<CaseContext>(caseMachine, { submittedBy: null, approvedFinding: null, authors: NO_ROUND_AUTHORS });
          return Object.assign(new CaseEntity(), {
            id: `${cycle.id}.${criterion.code}`, cycleId: cycle.id, criterionCode: criterion.code, trancheCode: tranche.code, statuteVersion,
            state: caseSnapshot.value, snapshot: caseSnapshot, version: 1, proposedRating: null, proposedRationale: null, proposedNarrative: null,
            finding: null, submittedBy: null, updatedAt: at,
          });
        }),
      );
      await this.cases.insert(tx, cases);
      const single = trancheRows.length === 1 ? trancheRows[0] : null;
      await this.journal.append(tx, [
        {
          at, entityType: 'cycle', entityId: cycle.id, cycleId: cycle.id, event: 'OPEN_CYCLE', toState: single ? single.state : 'assessing', actor: user.username,
          payload: {
            version: 1, statuteId: cycle.statuteId, statuteVersion, recipient, fiscalYear: cycle.fiscalYear, obligationDeadline: cycle.obligationDeadline,
            // The single-tranche fields as before catalog v2, so older readers of the journal still understand the row.
            ...(single ? { appropriatedCents: single.baseCents, withheldBasisPoints: single.basisPoints, withheldCents: single.withheldCents } : {}),
            tranches: trancheRows.map((t) => ({ code: t.code, baseCents: t.baseCents, basisPoints: t.basisPoints, withheldCents: t.withheldCents, state: t.state })),
          },
        },
        ...cases.map((c) => ({
          at, entityType: 'case' as const, entityId: c.id, cycleId: cycle.id, caseId: c.id, event: 'OPEN_CASE', toState: c.state, actor: user.username,
          payload: { version: 1, criterionCode: c.criterionCode, tranche: c.trancheCode, statuteVersion },
        })),
      ]);
      return { cycle, statute, tranches: trancheRows, cases };
    }).catch((error: unknown) => {
      // On PostgreSQL `FOR UPDATE` finds no row to lock while the cycle does not exist yet, so
      // a parallel create passes the checks above and meets the other's row in the unique index.
      if (isUniqueViolation(error)) throw conflict('CYCLE_EXISTS', `A cycle with id '${dto.id}' or for ${statute.id} fiscal year ${dto.fiscalYear} and ${recipient} was opened meanwhile`);
      throw error;
    });
    return { ...this.view(loaded, user), warnings };
  }

  view(loaded: LoadedCycle, user: AuthUser): CycleView {
    const actor = { username: user.username, roles: user.roles };
    const current = this.statutes.currentVersion(loaded.cycle.statuteId);
    const workflows = loaded.tranches.map((t) => ({ tranche: t, workflow: trancheWorkflowFor(trancheOf(loaded.statute, t.code)) }));
    const allowed = new Map(workflows.map(({ tranche, workflow }) => [tranche.code, allowedEventsFor(workflow, tranche.snapshot, actor)]));
    // Cycle-wide: moving to a newer text is offered only when there is one and every tranche would accept it.
    const repin = loaded.cycle.statuteVersion !== current && workflows.every(({ tranche, workflow }) => mayNow(workflow, tranche.snapshot, actor, 'REPIN_STATUTE'));
    return toCycleView(loaded.cycle, loaded.statute, loaded.tranches, loaded.cases, allowed, current, repin ? ['REPIN_STATUTE'] : []);
  }
}

function pickRecipient(statute: Statute, code: string | undefined): string {
  if (code === undefined) {
    if (statute.recipients.length === 1) return statute.recipients[0].code;
    throw invalidInput('RECIPIENT_REQUIRED', `${statute.id} applies to ${statute.recipients.map((r) => r.code).join(', ')}: name one in 'recipient'`);
  }
  if (!statute.recipients.some((r) => r.code === code)) {
    throw invalidInput('RECIPIENT_NOT_FOUND', `${statute.id} does not apply to '${code}' (it names ${statute.recipients.map((r) => r.code).join(', ')})`);
  }
  return code;
}

/** Base and withheld amount of each tranche: base x percent rounded half up, or the statute's fixed amount. */
function trancheMoney(statute: Statute, dto: CreateCycleDto): Array<Pick<TrancheEntity, 'code' | 'baseCents' | 'basisPoints' | 'withheldCents'>> {
  const given = new Map((dto.tranches ?? []).map((t) => [t.code, t.baseCents]));
  for (const code of given.keys()) {
    if (!statute.tranches.some((t) => t.code === code)) throw invalidInput('TRANCHE_NOT_FOUND', `${statute.id} has no tranche '${code}'`);
  }
  if (dto.appropriatedCents !== undefined) {
    if (statute.tranches.length !== 1) throw invalidInput('TRANCHES_REQUIRED', `${statute.id} has ${statute.tranches.length} tranches: give each base in 'tranches'`);
    if (!given.has(statute.tranches[0].code)) given.set(statute.tranches[0].code, dto.appropriatedCents);
  }
  return statute.tranches.map((tranche) => {
    if (tranche.share.amountCents !== undefined) {
      return { code: tranche.code, baseCents: given.get(tranche.code) ?? null, basisPoints: null, withheldCents: tranche.share.amountCents };
    }
    const base = given.get(tranche.code);
    if (base === undefined) throw invalidInput('BASE_REQUIRED', `Tranche ${tranche.code} withholds ${tranche.share.percent} percent: give its base in cents`);
    const basisPoints = percentToBasisPoints(tranche.share.percent!);
    return { code: tranche.code, baseCents: base, basisPoints, withheldCents: withheldCents(base, basisPoints) };
  });
}
