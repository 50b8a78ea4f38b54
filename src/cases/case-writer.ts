import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { conflict, notFound } from '../common/domain-error';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { JournalInput, JournalService } from '../audit/journal.service';
import { NotificationsService } from '../notifications/notifications.service';
import { applyEvent, PersistedMachineState } from '../workflow/machine-runtime';
import type { AuthUser } from '../auth/auth.types';
import { CaseEntity } from './case.entity';
import { CaseContext, CaseEvent, CaseEventType, CaseFacts, caseWorkflow, RepinFacts, RetractFacts } from './case-machine';
import { CasesRepository } from './cases.repository';

export interface CaseChange<T> {
  type: CaseEventType;
  comment?: string;
  expectedVersion?: number;
  /** The evidence item an evidence edit is about: its writers become authors of the round. */
  evidenceId?: string;
  /** REPIN_STATUTE: what the cycle compared between the two statute versions. */
  repin?: RepinFacts;
  /** Work done after the machine accepted the event, inside the same transaction. */
  apply?: (tx: EntityManager, record: CaseEntity, at: string) => Promise<{ result: T; journal?: Partial<JournalInput> }>;
}

/**
 * The single path that changes a case: load (locked) with its version, let the machine
 * accept or refuse the event, then save the snapshot, the new version and one journal
 * row in the same transaction. Transitions and edits (evidence, finding) both come here.
 */
/** Whether the tranche `code` of a cycle has its funds decided, read inside the write's transaction. */
export type TrancheDecisionReader = (tx: EntityManager, cycleId: string, trancheCode: string) => Promise<boolean>;

@Injectable()
export class CaseWriter {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cases: CasesRepository,
    private readonly journal: JournalService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  change<T = undefined>(actor: AuthUser, caseId: string, change: CaseChange<T>): Promise<{ record: CaseEntity; result: T }> {
    return this.unitOfWork.write(async (tx) => {
      const record = await this.cases.findForUpdate(tx, caseId);
      if (!record) throw notFound('case', caseId);
      const at = this.clock.now().toISOString();
      const { record: next, result, journal } = await this.changeLoaded(tx, record, { username: actor.username, roles: actor.roles }, at, change);
      await this.journal.append(tx, [journal]);
      await this.notifications.enqueue(tx, [journal], { submittedBy: next.submittedBy });
      return { record: next, result };
    });
  }

  /** The same step on a record already locked by the caller's transaction (used by cycle-wide events). */
  async changeLoaded<T>(
    tx: EntityManager,
    record: CaseEntity,
    actor: { username: string; roles: readonly string[] },
    at: string,
    change: CaseChange<T>,
  ): Promise<{ record: CaseEntity; result: T; journal: JournalInput }> {
    const version = record.version;
    if (change.expectedVersion !== undefined && change.expectedVersion !== version) {
      throw conflict('VERSION_CONFLICT', `The case is at version ${version}, not ${change.expectedVersion}; reload and try again`, {
        state: record.state,
        version,
      });
    }
    const event = { type: change.type, actor, at, comment: change.comment, evidenceId: change.evidenceId, facts: await this.factsFor(tx, record, change) } as CaseEvent;
    const from = record.snapshot;
    const next = applyEvent(caseWorkflow, from, event);
    await this.recordAuthorship(tx, record, event, next);
    const outcome = change.apply ? await change.apply(tx, record, at) : { result: undefined as T, journal: undefined };
    record.snapshot = next;
    record.state = next.value;
    record.submittedBy = next.context.submittedBy;
    record.finding = next.context.approvedFinding;
    record.version = version + 1;
    record.updatedAt = at;
    if (!(await this.cases.saveIfVersion(tx, record, version))) {
      throw conflict('VERSION_CONFLICT', 'The case was changed by someone else; reload and try again', { state: from.value });
    }
    const journal: JournalInput = {
      at,
      entityType: 'case',
      entityId: record.id,
      cycleId: record.cycleId,
      caseId: record.id,
      event: change.type,
      fromState: from.value,
      toState: next.value,
      actor: actor.username,
      comment: change.comment?.trim() || null,
      ...outcome.journal,
      payload: { version: record.version, ...(outcome.journal?.payload ?? {}), ...(change.type === 'APPROVE' ? { finding: record.finding } : {}) },
    };
    return { record, result: outcome.result, journal };
  }

  /**
   * Tranches live in the cycles module, above this one: it tells the writer at start-up how to
   * read whether a case's tranche is decided (REOPEN is refused once it is).
   */
  useTrancheDecision(reader: TrancheDecisionReader): void {
    this.trancheDecisionReader = reader;
  }

  private trancheDecisionReader: TrancheDecisionReader | null = null;

  private trancheDecided(tx: EntityManager, record: CaseEntity): Promise<boolean> {
    // Without the reader the fact is unknown: fail closed rather than reopen a decided case.
    if (!this.trancheDecisionReader) throw new Error('No tranche decision reader registered: REOPEN cannot be checked');
    return this.trancheDecisionReader(tx, record.cycleId, record.trancheCode);
  }

  // Which live item of the round each author wrote; the machine keeps only their names.
  private async recordAuthorship(tx: EntityManager, record: CaseEntity, event: CaseEvent, next: PersistedMachineState<CaseContext>): Promise<void> {
    if (event.type === 'ADD_EVIDENCE' || event.type === 'REVISE_EVIDENCE') await this.cases.addRoundAuthor(tx, record.id, event.actor.username, event.evidenceId);
    else if (event.type === 'RETRACT_EVIDENCE') await this.cases.forgetRoundItem(tx, record.id, evidenceWritersOf(record), event.evidenceId);
    // Leaving `approved` for more work starts a new round (the machine's startNewRound).
    else if (record.snapshot.value === 'approved' && next.value === 'evidenceGathering') await this.cases.clearRoundAuthors(tx, record.id);
  }

  // Only the facts an event's guards and actions read are fetched: the hot path stays short.
  private async factsFor(tx: EntityManager, record: CaseEntity, change: CaseChange<unknown>): Promise<CaseFacts | RetractFacts | RepinFacts | undefined> {
    const { type, evidenceId } = change;
    if (type === 'RETRACT_EVIDENCE') {
      return { otherItemsWriters: await this.cases.roundWritersOfOtherItems(tx, record.id, evidenceWritersOf(record), evidenceId!) };
    }
    if (type === 'REPIN_STATUTE') {
      if (!change.repin) throw new Error('REPIN_STATUTE needs the comparison of the two statute versions');
      return change.repin;
    }
    if (type !== 'SUBMIT_FOR_REVIEW' && type !== 'APPROVE' && type !== 'REOPEN') return undefined;
    const proposedFinding = record.proposedRating
      ? { rating: record.proposedRating, rationale: record.proposedRationale ?? '', narrative: record.proposedNarrative ?? '' }
      : null;
    const liveEvidenceCount = type === 'SUBMIT_FOR_REVIEW' ? await this.cases.countLiveEvidence(tx, record.id) : 0;
    const cycleDecided = type === 'REOPEN' ? await this.trancheDecided(tx, record) : false;
    return { liveEvidenceCount, proposedFinding, cycleDecided };
  }
}

// The round's evidence writers as the case's machine state names them (the record is read before the event).
function evidenceWritersOf(record: CaseEntity): string[] {
  return record.snapshot.context.authors?.evidenceWriters ?? [];
}
