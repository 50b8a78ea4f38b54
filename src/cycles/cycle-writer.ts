import { Injectable } from '@nestjs/common';
import { conflict, invalidInput, notFound } from '../common/domain-error';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { JournalInput, JournalService } from '../audit/journal.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { AuthUser } from '../auth/auth.types';
import { CaseEntity } from '../cases/case.entity';
import { CasesRepository } from '../cases/cases.repository';
import { CaseWriter } from '../cases/case-writer';
import { DocumentsService } from '../documents/documents.service';
import { applyEvent } from '../workflow/machine-runtime';
import { CycleEntity } from './cycle.entity';
import { CycleEvent, CycleEventType, cycleWorkflow } from './cycle-machine';
import { CyclesRepository } from './cycles.repository';
import { formatUsd } from './money';

export interface CycleChange {
  type: CycleEventType;
  comment?: string;
  destination?: string;
  amountCents?: number;
  expectedVersion?: number;
}

// Events whose guards or effects read the cases, their evidence and the memo.
const NEEDS_SOURCES: readonly CycleEventType[] = ['PREPARE_MEMO', 'DECIDE_RELEASE', 'DECIDE_WITHHOLD', 'DECIDE_REPROGRAM', 'TRANSMIT_REPORT'];

/**
 * The single path that changes a cycle: lock the cycle and its cases, check the version,
 * read the facts, let the machine accept or refuse, then store the documents the event
 * produces, the cases it marks, the new snapshot and the journal rows in one transaction.
 */
@Injectable()
export class CycleWriter {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly cycles: CyclesRepository,
    private readonly cases: CasesRepository,
    private readonly caseWriter: CaseWriter,
    private readonly documents: DocumentsService,
    private readonly journal: JournalService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  change(user: AuthUser, cycleId: string, change: CycleChange): Promise<{ cycle: CycleEntity; cases: CaseEntity[] }> {
    return this.unitOfWork.write(async (tx) => {
      const cycle = await this.cycles.findForUpdate(tx, cycleId);
      if (!cycle) throw notFound('cycle', cycleId);
      const version = cycle.version;
      if (change.expectedVersion !== undefined && change.expectedVersion !== version) {
        throw conflict('VERSION_CONFLICT', `The cycle is at version ${version}, not ${change.expectedVersion}; reload and try again`, { state: cycle.state, version });
      }
      const at = this.clock.now().toISOString();
      const actor = { username: user.username, roles: user.roles };
      // Cases are locked after the cycle (the order every cycle writer uses): nothing the facts read can change before commit.
      const cases = await this.cases.lockByCycle(tx, cycleId);
      const sources = NEEDS_SOURCES.includes(change.type) ? await this.documents.loadSources(cycle, tx, cases, [user.username]) : null;
      const facts = sources ? await this.documents.cycleFacts(tx, cycle, sources) : undefined;
      const event = {
        type: change.type, actor, at, comment: change.comment, destination: change.destination, amountCents: change.amountCents, facts,
      } as CycleEvent;
      const from = cycle.snapshot;
      const next = applyEvent(cycleWorkflow, from, event);

      const payload: Record<string, unknown> = {};
      const rows: JournalInput[] = [];
      if (change.type === 'PREPARE_MEMO') {
        const proposal = this.memoProposal(cycle, change);
        const { document, journal } = await this.documents.storeMemo(tx, sources!, user.username, at, proposal);
        payload.memoDocumentId = document.id;
        if (proposal.destination) payload.proposal = proposal;
        rows.push(journal);
      } else if (next.context.decision && change.type.startsWith('DECIDE_')) {
        payload.decision = next.context.decision;
        payload.memoDocumentId = facts!.memoDocumentId;
      } else if (change.type === 'TRANSMIT_REPORT') {
        const { document, journal } = await this.documents.storeFinalReport(tx, sources!, user.username, at);
        payload.reportDocumentId = document.id;
        rows.push(journal);
        // MARK_REPORTED is the system's event, sent on the manager's behalf; each case is journalled.
        const system = { username: user.username, roles: ['system'] };
        for (const record of cases) {
          const marked = await this.caseWriter.changeLoaded(tx, record, system, at, { type: 'MARK_REPORTED', comment: `Report ${document.id} transmitted` });
          rows.push(marked.journal);
        }
      }

      cycle.snapshot = next;
      cycle.state = next.value;
      cycle.decision = next.context.decision as unknown as Record<string, unknown> | null;
      cycle.version = version + 1;
      cycle.updatedAt = at;
      if (!(await this.cycles.saveIfVersion(tx, cycle, version))) {
        throw conflict('VERSION_CONFLICT', 'The cycle was changed by someone else; reload and try again', { state: from.value });
      }
      const cycleRow: JournalInput = {
        at, entityType: 'cycle', entityId: cycle.id, cycleId: cycle.id, event: change.type, fromState: from.value, toState: next.value,
        actor: user.username, comment: change.comment?.trim() || null, payload: { version: cycle.version, ...payload },
      };
      await this.journal.append(tx, [cycleRow, ...rows]);
      await this.notifications.enqueue(tx, [cycleRow]);
      return { cycle, cases };
    });
  }


  /** The reprogramming the memo proposes, if the manager named one when preparing it. */
  private memoProposal(cycle: CycleEntity, change: CycleChange): { destination: string | null; amountCents: number | null } {
    const destination = change.destination?.trim() || null;
    const amountCents = change.amountCents ?? null;
    if (amountCents !== null && (amountCents <= 0 || amountCents > cycle.withheldCents)) {
      throw invalidInput('AMOUNT_EXCEEDS_WITHHELD', `The proposed amount must be positive and at most the withheld ${formatUsd(cycle.withheldCents)}`);
    }
    return { destination, amountCents };
  }
}
