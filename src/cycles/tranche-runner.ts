import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { conflict, invalidInput, notFound } from '../common/domain-error';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { JournalInput, JournalService } from '../audit/journal.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { AuthUser } from '../auth/auth.types';
import { CaseEntity } from '../cases/case.entity';
import { CasesRepository } from '../cases/cases.repository';
import { CaseWriter } from '../cases/case-writer';
import type { Statute } from '../statutes/statute-catalog';
import { criterionOf, StatutesService, trancheOf } from '../statutes/statutes.service';
import { applyEvent } from '../workflow/machine-runtime';
import { CycleEntity } from './cycle.entity';
import { TrancheEntity } from './tranche.entity';
import { TrancheEvent, TrancheEventType, TrancheFacts, trancheWorkflowFor, UNDECIDED_TRANCHE_STATES } from './tranche-machine';
import { CyclesRepository } from './cycles.repository';
import { formatUsd } from './money';
import { MemoProposal, TrancheDocuments } from './tranche-documents';

export interface TrancheChange {
  type: TrancheEventType;
  tranche?: string;
  comment?: string;
  destination?: string;
  amountCents?: number;
  expectedVersion?: number;
}

export interface LoadedCycle {
  cycle: CycleEntity;
  statute: Statute;
  tranches: TrancheEntity[];
  cases: CaseEntity[];
}

// Events whose guards or effects read the cases, their evidence and the memo.
const NEEDS_FACTS: readonly TrancheEventType[] = ['PREPARE_MEMO', 'DECIDE_RELEASE', 'DECIDE_WAIVE', 'DECIDE_WITHHOLD', 'DECIDE_REPROGRAM', 'TRANSMIT_REPORT'];

/**
 * The single path that changes a cycle or one of its tranches: load (cycle locked, then its
 * cases) -> version check -> facts -> machine -> effects (documents, case marks) -> save ->
 * journal, all in one transaction. A concurrent change of the same cycle gets 409.
 */
@Injectable()
export class TrancheRunner implements OnModuleInit {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cycles: CyclesRepository,
    private readonly cases: CasesRepository,
    private readonly caseWriter: CaseWriter,
    private readonly statutes: StatutesService,
    private readonly journal: JournalService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  private documents: TrancheDocuments | null = null;

  /** Documents live in a module above this one: it tells the runner at start-up how to read and store them. */
  useDocuments(documents: TrancheDocuments): void {
    this.documents = documents;
  }

  private documentsOrFail(): TrancheDocuments {
    // Without them a memo could not be built nor its freshness known: refuse rather than guess.
    if (!this.documents) throw new Error('No tranche documents registered: events that read or store documents cannot run');
    return this.documents;
  }

  onModuleInit(): void {
    // The case writer asks whether a case's tranche is decided (REOPEN); tranches are this module's table.
    this.caseWriter.useTrancheDecision(async (tx, cycleId, code) => !UNDECIDED_TRANCHE_STATES.includes((await this.cycles.trancheState(tx, cycleId, code)) ?? ''));
  }

  async change(user: AuthUser, cycleId: string, change: TrancheChange): Promise<LoadedCycle> {
    const { result, storedDocuments } = await this.unitOfWork.write(async (tx) => {
      const cycle = await this.cycles.findForUpdate(tx, cycleId);
      if (!cycle) throw notFound('cycle', cycleId);
      const version = cycle.version;
      if (change.expectedVersion !== undefined && change.expectedVersion !== version) {
        throw conflict('VERSION_CONFLICT', `The cycle is at version ${version}, not ${change.expectedVersion}; reload and try again`, { version });
      }
      // Cases are locked after the cycle (the order every cycle writer uses): nothing the facts read can change before commit.
      const cases = await this.cases.lockByCycle(tx, cycleId);
      const tranches = await this.cycles.tranchesOf(cycleId, tx);
      const at = this.clock.now().toISOString();
      const loaded = { cycle, statute: await this.statutes.version(cycle.statuteVersion, tx), tranches, cases };
      const { changed, rows, storedDocuments } =
        change.type === 'REPIN_STATUTE' ? await this.repin(tx, loaded, user, at, change) : await this.step(tx, loaded, user, at, change);
      cycle.version = version + 1;
      cycle.updatedAt = at;
      if (!(await this.cycles.saveIfVersion(tx, cycle, version, changed))) {
        throw conflict('VERSION_CONFLICT', 'The cycle was changed by someone else; reload and try again', { version });
      }
      for (const row of rows) if (row.entityType === 'cycle') row.payload = { version: cycle.version, ...row.payload };
      await this.journal.append(tx, rows);
      await this.notifications.enqueue(tx, rows);
      return { result: { ...loaded, statute: await this.statutes.version(cycle.statuteVersion, tx) }, storedDocuments };
    });
    // Committed: what follows from a stored document (its PDF) starts only now, outside the transaction.
    if (storedDocuments.length > 0) this.documentsOrFail().committed(storedDocuments);
    return result;
  }

  /** One tranche event: the tranche named, or the only one. */
  private async step(tx: EntityManager, loaded: LoadedCycle, user: AuthUser, at: string, change: TrancheChange) {
    const { cycle, statute, tranches } = loaded;
    const tranche = pickTranche(tranches, change.tranche);
    const cases = loaded.cases.filter((c) => c.trancheCode === tranche.code);
    const actor = { username: user.username, roles: user.roles };
    const defined = trancheOf(statute, tranche.code);
    let sources: unknown = null;
    let facts: TrancheFacts | undefined;
    if (NEEDS_FACTS.includes(change.type)) {
      const gathered = await this.documentsOrFail().gather(tx, cycle, tranche, statute, cases, user.username);
      sources = gathered.sources;
      facts = {
        ...gathered.facts,
        withheldCents: tranche.withheldCents,
        waiverAvailable: defined.waiver !== null,
        reprogramTo: defined.onFailure?.reprogramTo ?? [],
      };
    }
    const event = { type: change.type, actor, at, comment: change.comment, destination: change.destination, amountCents: change.amountCents, facts } as TrancheEvent;
    const from = tranche.snapshot;
    const next = applyEvent(trancheWorkflowFor(defined), from, event);

    const payload: Record<string, unknown> = { tranche: tranche.code };
    const rows: JournalInput[] = [];
    const storedDocuments: string[] = [];
    if (change.type === 'PREPARE_MEMO') {
      const proposal = memoProposal(tranche, change);
      const { documentId, journal } = await this.documentsOrFail().storeMemo(tx, sources, user.username, at, proposal);
      payload.memoDocumentId = documentId;
      storedDocuments.push(documentId);
      if (proposal.destination) payload.proposal = proposal;
      rows.push(journal);
    } else if (next.context.decision && change.type.startsWith('DECIDE_')) {
      payload.decision = next.context.decision;
      payload.memoDocumentId = facts!.memoDocumentId;
    } else if (change.type === 'TRANSMIT_REPORT') {
      const { documentId, journal } = await this.documentsOrFail().storeFinalReport(tx, sources, user.username, at);
      payload.reportDocumentId = documentId;
      storedDocuments.push(documentId);
      rows.push(journal);
      // MARK_REPORTED is the system's event, sent on the manager's behalf; each case is journalled.
      const system = { username: user.username, roles: ['system'] };
      for (const record of cases) {
        const marked = await this.caseWriter.changeLoaded(tx, record, system, at, { type: 'MARK_REPORTED', comment: `Report ${documentId} transmitted` });
        rows.push(marked.journal);
      }
    }
    tranche.snapshot = next;
    tranche.state = next.value;
    tranche.decision = next.context.decision as unknown as Record<string, unknown> | null;
    tranche.updatedAt = at;
    const cycleRow: JournalInput = {
      at, entityType: 'cycle', entityId: cycle.id, cycleId: cycle.id, event: change.type, fromState: from.value, toState: next.value,
      actor: user.username, comment: change.comment?.trim() || null, payload,
    };
    return { changed: [tranche], rows: [cycleRow, ...rows], storedDocuments };
  }

  /**
   * REPIN_STATUTE, cycle-wide: every tranche must accept it (none decided). The cycle moves to
   * the newest catalog version; cases whose criterion text changed go back to evidence gathering.
   */
  private async repin(tx: EntityManager, loaded: LoadedCycle, user: AuthUser, at: string, change: TrancheChange) {
    const { cycle, statute, tranches } = loaded;
    const actor = { username: user.username, roles: user.roles };
    for (const tranche of tranches) {
      applyEvent(trancheWorkflowFor(trancheOf(statute, tranche.code)), tranche.snapshot, { type: 'REPIN_STATUTE', actor, at, comment: change.comment });
    }
    const target = this.statutes.currentVersion(cycle.statuteId);
    if (target === cycle.statuteVersion) throw conflict('STATUTE_VERSION_CURRENT', `Cycle '${cycle.id}' is already on the newest version of ${cycle.statuteId}`);
    const newer = await this.statutes.version(target, tx);
    const codes = (s: Statute) => s.tranches.map((t) => `${t.code}:${t.criteria.map((c) => c.code).join(',')}`).join(';');
    if (codes(newer) !== codes(statute)) {
      throw conflict('STATUTE_SHAPE_CHANGED', 'The newer version has different tranches or criteria; open a new cycle for it instead');
    }
    const rows: JournalInput[] = [];
    const changedCases: string[] = [];
    // The system's event, sent on the manager's behalf: each case's machine decides what the new text means for it.
    const system = { username: user.username, roles: ['system'] };
    for (const record of loaded.cases) {
      const criterionTextChanged = criterionOf(statute, record.criterionCode).text !== criterionOf(newer, record.criterionCode).text;
      const { journal } = await this.caseWriter.changeLoaded(tx, record, system, at, {
        type: 'REPIN_STATUTE',
        comment: criterionTextChanged ? 'The criterion text changed in the new statute version: the finding must be assessed again' : change.comment,
        repin: { criterionTextChanged },
        apply: async (_tx, repinned) => {
          repinned.statuteVersion = target;
          return { result: undefined, journal: { payload: { statuteVersion: target, textChanged: criterionTextChanged, ...(criterionTextChanged ? { findingCleared: true } : {}) } } };
        },
      });
      if (criterionTextChanged) changedCases.push(record.id);
      rows.push(journal);
    }
    const previous = cycle.statuteVersion;
    cycle.statuteVersion = target;
    const cycleRow: JournalInput = {
      at, entityType: 'cycle', entityId: cycle.id, cycleId: cycle.id, event: 'REPIN_STATUTE', fromState: null, toState: null,
      actor: user.username, comment: change.comment?.trim() || null, payload: { statuteVersion: target, previousStatuteVersion: previous, casesReturned: changedCases },
    };
    return { changed: [], rows: [cycleRow, ...rows], storedDocuments: [] };
  }
}

function pickTranche(tranches: TrancheEntity[], code: string | undefined): TrancheEntity {
  if (code === undefined) {
    if (tranches.length === 1) return tranches[0];
    throw invalidInput('TRANCHE_REQUIRED', `This cycle has ${tranches.length} tranches (${tranches.map((t) => t.code).join(', ')}): name one in 'tranche'`);
  }
  const tranche = tranches.find((t) => t.code === code);
  if (!tranche) throw invalidInput('TRANCHE_NOT_FOUND', `The cycle has no tranche '${code}' (it has ${tranches.map((t) => t.code).join(', ')})`);
  return tranche;
}

/** The reprogramming the memo proposes, if the manager named one when preparing it. */
function memoProposal(tranche: TrancheEntity, change: TrancheChange): MemoProposal {
  const destination = change.destination?.trim() || null;
  const amountCents = change.amountCents ?? null;
  if (amountCents !== null && (amountCents <= 0 || amountCents > tranche.withheldCents)) {
    throw invalidInput('AMOUNT_EXCEEDS_WITHHELD', `The proposed amount must be positive and at most the withheld ${formatUsd(tranche.withheldCents)}`);
  }
  return { destination, amountCents };
}
