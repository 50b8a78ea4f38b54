import type { EntityManager } from 'typeorm';
import type { JournalInput } from '../audit/journal.service';
import type { CaseEntity } from '../cases/case.entity';
import type { Statute } from '../statutes/statute-catalog';
import type { CycleEntity } from './cycle.entity';
import type { TrancheFacts } from './tranche-machine';
import type { TrancheEntity } from './tranche.entity';

/** The document facts of a tranche's guards: approvals, findings, and whether its latest memo still matches its inputs. */
export type TrancheDocumentFacts = Pick<TrancheFacts, 'allCasesApproved' | 'allFindingsMet' | 'memoFresh' | 'memoDocumentId'>;

/** The reprogramming a memo proposes, if the manager named one. */
export interface MemoProposal {
  destination: string | null;
  amountCents: number | null;
}

/**
 * The documents a tranche event reads and stores (the decision memo, the report to Congress).
 * Documents are a module above this one: it registers its implementation at start-up
 * (TrancheRunner.useDocuments), and the runner calls it inside the event's transaction, so a
 * decision and the memo it rests on are never out of step. `sources` is what `gather` read,
 * handed back unchanged to the store calls of the same event. `committed` is called after that
 * transaction has committed, never inside it.
 */
export interface TrancheDocuments {
  gather(tx: EntityManager, cycle: CycleEntity, tranche: TrancheEntity, statute: Statute, cases: CaseEntity[], actor: string): Promise<{ sources: unknown; facts: TrancheDocumentFacts }>;
  storeMemo(tx: EntityManager, sources: unknown, actor: string, at: string, proposal: MemoProposal): Promise<{ documentId: string; journal: JournalInput }>;
  storeFinalReport(tx: EntityManager, sources: unknown, actor: string, at: string): Promise<{ documentId: string; journal: JournalInput }>;
  /** The documents stored by an event whose transaction has committed; returns at once, so work it starts never delays the event's answer. */
  committed(documentIds: string[]): void;
}
