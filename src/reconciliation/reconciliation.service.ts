import { Injectable } from '@nestjs/common';
import { CaseAsOf, EvidenceAsOf, JournalFold } from '../audit/as-of-reducer';
import { JournalRepository } from '../audit/journal.repository';
import { SnapshotService } from '../audit/snapshot.service';
import { JournalRow, journalRowOfValues, JournalValues } from '../audit/journal-row';
import { rolesOf } from '../auth/user.entity';
import { UsersRepository } from '../auth/users.repository';
import { CasesRepository } from '../cases/cases.repository';
import type { CycleEntity } from '../cycles/cycle.entity';
import { CyclesRepository } from '../cycles/cycles.repository';
import { documentContentHash, DocumentEntity } from '../documents/document.entity';
import { DocumentsRepository } from '../documents/documents.repository';
import { EvidenceRevisionEntity } from '../evidence/evidence-revision.entity';
import { evidenceContentHash } from '../evidence/evidence.mapper';
import { EvidenceRepository } from '../evidence/evidence.repository';
import {
  compareCase, compareCycle, compareDocument, compareEvidence, compareRevision, compareUser, LiveCycle, LiveRevision, Mismatch, missing, ReconciledTable, revisionKey,
} from './reconcile-compare';

const JOURNAL_BATCH = 4000;
const ROW_BATCH = 500;
// Documents carry their whole HTML and Markdown: fewer per batch keeps memory bounded.
const DOCUMENT_BATCH = 20;
const DEFAULT_CAP = 100;

export interface ReconciliationResult {
  ok: boolean;
  /** The journal head the live tables were compared with. */
  journalSeq: number;
  /** Live rows compared, per table. */
  checked: Record<ReconciledTable, number>;
  /** Every mismatch up to the cap, in table order. */
  mismatches: Mismatch[];
  /** All mismatches found, also those past the cap. */
  total: number;
}

/** The journal's proof of the current state, indexed for comparison with the live rows. */
class ProvenState {
  readonly cases = new Map<string, CaseAsOf>();
  readonly evidence = new Map<string, { caseId: string; item: EvidenceAsOf }>();

  constructor(readonly fold: JournalFold) {
    for (const id of fold.cases.keys()) {
      const state = fold.case(id)!;
      this.cases.set(id, state);
      for (const item of state.evidence) this.evidence.set(item.id, { caseId: id, item });
    }
  }

  revision(evidenceId: string, revision: number) {
    return this.evidence.get(evidenceId)?.item.revisions.find((r) => r.revision === revision) ?? null;
  }
}

/**
 * Rebuilds the current state of every case, cycle, evidence revision, user and stored document
 * from the journal (through the as-of fold), and compares it with the live tables: an edit
 * made to a table behind the desk's back, which the hash chain alone cannot see, shows here.
 *
 * A record written while the comparison runs would look different from the journal read
 * before it: every difference is therefore checked once more against the journal read up to
 * its new head, and only what still differs is reported.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly journal: JournalRepository,
    private readonly cases: CasesRepository,
    private readonly cycles: CyclesRepository,
    private readonly evidence: EvidenceRepository,
    private readonly users: UsersRepository,
    private readonly documents: DocumentsRepository,
    private readonly snapshots: SnapshotService,
  ) {}

  async reconcile(cap = DEFAULT_CAP): Promise<ReconciliationResult> {
    return this.compareFold(new JournalFold({ keepContent: false }), cap);
  }

  /**
   * A reconciliation whose journal rows come from a caller that reads them anyway (the
   * verification's walk), in seq order after `afterSeq`: the rows up to `afterSeq` are read
   * here. `finish` reads whatever the caller did not feed (up to the journal head) before it
   * compares, so a short feed costs a read, never a wrong verdict.
   */
  async begin(afterSeq: number, cap = DEFAULT_CAP): Promise<{ row(seq: number, row: JournalRow | null): void; finish(): Promise<ReconciliationResult> }> {
    const fold = new JournalFold({ keepContent: false });
    await this.foldUpTo(fold, afterSeq);
    return {
      row(seq, row) {
        if (seq <= fold.lastSeq) return;
        if (row) fold.apply(row);
        fold.lastSeq = seq;
      },
      finish: () => this.compareFold(fold, cap),
    };
  }

  private async compareFold(fold: JournalFold, cap: number): Promise<ReconciliationResult> {
    const checked = { cases: 0, cycles: 0, tranches: 0, evidence: 0, evidence_revisions: 0, users: 0, documents: 0, journal_snapshots: 0 };
    await this.foldUpTo(fold, (await this.journal.head()).headSeq);
    const journalSeq = fold.lastSeq;
    const candidates = await this.compareAll(new ProvenState(fold), checked);
    let confirmed = candidates;
    if (candidates.length > 0) {
      await this.foldUpTo(fold, (await this.journal.head()).headSeq);
      confirmed = await this.recheck(new ProvenState(fold), candidates);
    }
    // Stored as-of states are derived from the journal and must equal what it gives at their seq.
    for await (const problem of this.snapshots.check()) {
      confirmed.push({ table: 'journal_snapshots', id: `${problem.caseId}@${problem.seq}`, field: 'state', journal: problem.reason, live: 'present' });
    }
    checked.journal_snapshots = await this.snapshots.count();
    return { ok: confirmed.length === 0, journalSeq, checked, mismatches: confirmed.slice(0, cap), total: confirmed.length };
  }

  /** Folds the rows after the fold's last seq up to `headSeq`; a row whose payload does not parse is left to the chain verifier. */
  private async foldUpTo(fold: JournalFold, headSeq: number): Promise<void> {
    let after = fold.lastSeq;
    while (after < headSeq) {
      const batch = await this.journal.valuesAfter(after, JOURNAL_BATCH, headSeq);
      if (batch.length === 0) break;
      for (const values of batch) {
        const row = parsed(values);
        if (row) fold.apply(row);
      }
      after = Number(batch[batch.length - 1][0]);
      fold.lastSeq = after;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private async compareAll(proven: ProvenState, checked: Record<ReconciledTable, number>): Promise<Mismatch[]> {
    const found: Mismatch[] = [];
    const { fold } = proven;

    const seenCases = new Set<string>();
    for await (const live of pages((after: string) => this.cases.pageAfter(after, ROW_BATCH), (c) => c.id, '')) {
      checked.cases += 1;
      seenCases.add(live.id);
      found.push(...compareCase(proven.cases.get(live.id) ?? null, live));
    }
    for (const id of proven.cases.keys()) if (!seenCases.has(id)) found.push(missing('cases', id, 'live'));

    const seenCycles = new Set<string>();
    for await (const cycle of pages((after: string) => this.cycles.pageAfter(after, ROW_BATCH), (c) => c.id, '')) {
      const live = await this.liveCycle(cycle);
      checked.cycles += 1;
      checked.tranches += live.tranches.length;
      seenCycles.add(live.id);
      found.push(...compareCycle(fold.cycle(live.id), live));
    }
    for (const id of fold.cycles.keys()) if (!seenCycles.has(id)) found.push(missing('cycles', id, 'live'));

    const seenEvidence = new Set<string>();
    for await (const live of pages((after: string) => this.evidence.itemsAfter(after, ROW_BATCH), (e) => e.id, '')) {
      checked.evidence += 1;
      seenEvidence.add(live.id);
      found.push(...compareEvidence(proven.evidence.get(live.id) ?? null, live));
    }
    for (const id of proven.evidence.keys()) if (!seenEvidence.has(id)) found.push(missing('evidence', id, 'live'));

    const seenRevisions = new Set<string>();
    for await (const row of pages((after: string) => this.evidence.revisionsAfter(after, ROW_BATCH), (r) => r.id, '')) {
      checked.evidence_revisions += 1;
      const live = liveRevision(row);
      seenRevisions.add(revisionKey(live.evidenceId, live.revision));
      found.push(...compareRevision(proven.revision(live.evidenceId, live.revision), live));
    }
    for (const { item } of proven.evidence.values()) {
      for (const r of item.revisions) if (!seenRevisions.has(revisionKey(item.id, r.revision))) found.push(missing('evidence_revisions', revisionKey(item.id, r.revision), 'live'));
    }

    const seenUsers = new Set<string>();
    for await (const user of pages((after: number) => this.users.pageAfter(after, ROW_BATCH), (u) => u.id, 0)) {
      checked.users += 1;
      seenUsers.add(user.username);
      found.push(...compareUser(fold.users.get(user.username) ?? null, { username: user.username, roles: rolesOf(user), active: user.active }));
    }
    for (const username of fold.users.keys()) if (!seenUsers.has(username)) found.push(missing('users', username, 'live'));

    const seenDocuments = new Set<string>();
    for await (const document of pages((after: string) => this.documents.pageAfter(after, DOCUMENT_BATCH), (d) => d.id, '')) {
      checked.documents += 1;
      seenDocuments.add(document.id);
      found.push(...compareDocument(fold.documents.get(document.id) ?? null, liveDocument(document)));
    }
    for (const id of fold.documents.keys()) if (!seenDocuments.has(id)) found.push(missing('documents', id, 'live'));
    return found;
  }

  private async liveCycle(cycle: CycleEntity): Promise<LiveCycle> {
    const tranches = await this.cycles.tranchesOf(cycle.id);
    return {
      id: cycle.id, statuteId: cycle.statuteId, statuteVersion: cycle.statuteVersion, recipient: cycle.recipient, fiscalYear: cycle.fiscalYear,
      version: cycle.version, obligationDeadline: cycle.obligationDeadline,
      tranches: tranches.map((t) => ({ code: t.code, state: t.state, baseCents: t.baseCents, basisPoints: t.basisPoints, withheldCents: t.withheldCents, decision: t.decision })),
    };
  }

  /** The candidates' records read again and compared with the journal read further. */
  private async recheck(proven: ProvenState, candidates: Mismatch[]): Promise<Mismatch[]> {
    const ids = (table: ReconciledTable) => [...new Set(candidates.filter((m) => m.table === table).map((m) => m.id))];
    const { fold } = proven;
    const still: Mismatch[] = [];
    const recheckTable = async <L>(table: ReconciledTable, wanted: string[], load: (ids: string[]) => Promise<L[]>, idOf: (live: L) => string, compare: (id: string, live: L) => Mismatch[], inJournal: (id: string) => boolean) => {
      if (wanted.length === 0) return;
      const rows = await load(wanted);
      const byId = new Map(rows.map((row) => [idOf(row), row]));
      for (const id of wanted) {
        const live = byId.get(id);
        if (live) still.push(...compare(id, live));
        else if (inJournal(id)) still.push(missing(table, id, 'live'));
      }
    };
    await recheckTable('cases', ids('cases'), (w) => this.cases.byIds(w), (c) => c.id, (id, live) => compareCase(proven.cases.get(id) ?? null, live), (id) => proven.cases.has(id));
    const cycleIds = [...new Set([...ids('cycles'), ...ids('tranches').map((id) => id.slice(0, id.lastIndexOf('/')))])];
    await recheckTable('cycles', cycleIds, async (w) => Promise.all((await this.cycles.byIds(w)).map((c) => this.liveCycle(c))), (c) => c.id, (id, live) => compareCycle(fold.cycle(id), live), (id) => fold.cycles.has(id));
    await recheckTable('evidence', ids('evidence'), (w) => this.evidence.itemsByIds(w), (e) => e.id, (id, live) => compareEvidence(proven.evidence.get(id) ?? null, live), (id) => proven.evidence.has(id));
    const revisionIds = ids('evidence_revisions');
    await recheckTable(
      'evidence_revisions',
      revisionIds,
      async (w) => (await Promise.all([...new Set(w.map((key) => key.slice(0, key.lastIndexOf('/'))))].map((e) => this.evidence.listRevisions(e)))).flat().map(liveRevision),
      (r) => revisionKey(r.evidenceId, r.revision),
      (_id, live) => compareRevision(proven.revision(live.evidenceId, live.revision), live),
      (id) => proven.revision(id.slice(0, id.lastIndexOf('/')), Number(id.slice(id.lastIndexOf('/') + 1))) !== null,
    );
    await recheckTable(
      'users',
      ids('users'),
      (w) => this.users.byUsernames(w),
      (u) => u.username,
      (id, user) => compareUser(fold.users.get(id) ?? null, { username: user.username, roles: rolesOf(user), active: user.active }),
      (id) => fold.users.has(id),
    );
    await recheckTable('documents', ids('documents'), (w) => this.documents.byIds(w), (d) => d.id, (id, d) => compareDocument(fold.documents.get(id) ?? null, liveDocument(d)), (id) => fold.documents.has(id));
    return still;
  }
}

/** Keyset pages of a table, one row at a time. */
async function* pages<T, K>(page: (after: K) => Promise<T[]>, keyOf: (row: T) => K, start: K): AsyncGenerator<T> {
  let after = start;
  for (;;) {
    const batch = await page(after);
    if (batch.length === 0) return;
    yield* batch;
    after = keyOf(batch[batch.length - 1]);
  }
}

function parsed(values: JournalValues): JournalRow | null {
  try {
    return journalRowOfValues(values);
  } catch {
    return null;
  }
}

function liveRevision(row: EvidenceRevisionEntity): LiveRevision {
  const { kind, title, source, sourceDate, periodStart, periodEnd, url, summary, stance, reliability, credibility, sensitivity } = row;
  const content = { kind, title, source, sourceDate, periodStart, periodEnd, url, summary, stance, reliability, credibility, sensitivity };
  return { evidenceId: row.evidenceId, revision: row.revision, storedHash: row.contentHash, contentHash: evidenceContentHash(row.evidenceId, row.revision, content) };
}

function liveDocument(document: DocumentEntity) {
  return { id: document.id, cycleId: document.cycleId, kind: document.kind, number: document.number, storedHash: document.contentHash, contentHash: documentContentHash(document.html, document.markdown) };
}
