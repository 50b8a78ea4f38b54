import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { canonicalJson } from '../common/canonical-json';
import { UnitOfWork } from '../database/unit-of-work';
import { CaseAsOf, CaseFold } from './as-of-reducer';
import { decodeCaseState, parseCaseState, StoredCaseState } from './stored-case-state';
import { JournalRepository } from './journal.repository';
import type { JournalRow } from './journal-row';

/** Journal rows of a case between two stored states. */
export const SNAPSHOT_EVERY = 500;
const BUILD_BATCH = 1000;
/** Characters of stored states kept read in memory, over all cases. */
const READ_STATES_BUDGET = 64 * 1024 * 1024;

export interface CaseSnapshot {
  seq: number;
  maxAt: string;
  state: StoredCaseState;
}

export interface SnapshotProblem {
  caseId: string;
  seq: number;
  reason: string;
}

/**
 * Stored states of a case every SNAPSHOT_EVERY journal rows, built from the journal by the same
 * fold as the as-of views. Built after an as-of view had to replay more than that many rows;
 * checked, row by row, against the journal by reconciliation.
 */
@Injectable()
export class SnapshotService {
  private readonly logger = new Logger('Snapshots');
  private readonly building = new Set<string>();
  // Stored states are written once and never changed: reading one of a 10,000-item case took most
  // of an as-of view's time, so the states of the cases read lately are kept, split into items (text size).
  private readonly readStates = new LRUCache<string, StoredCaseState>({ maxSize: READ_STATES_BUDGET });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly journal: JournalRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * The latest stored state of the case valid at `at` (every row folded into it was written by
   * then); any instant when omitted. The state is shared: resume a fold from it, which leaves it unchanged.
   */
  async nearestCase(caseId: string, at?: string): Promise<CaseSnapshot | null> {
    const p = (n: number) => this.unitOfWork.param(n);
    const [found] = (await this.dataSource.query(
      `SELECT seq, max_at AS "maxAt" FROM journal_snapshots WHERE entity_type = 'case' AND entity_id = ${p(1)}` +
        `${at === undefined ? '' : ` AND max_at <= ${p(2)}`} ORDER BY seq DESC LIMIT 1`,
      at === undefined ? [caseId] : [caseId, at],
    )) as Array<{ seq: number | string; maxAt: string }>;
    if (!found) return null;
    const seq = Number(found.seq);
    // One stored state per case and seq, never rewritten.
    const key = `${caseId}@${seq}`;
    const cached = this.readStates.get(key);
    if (cached) return { seq, maxAt: found.maxAt, state: cached };
    const [row] = (await this.dataSource.query(`SELECT state FROM journal_snapshots WHERE entity_type = 'case' AND entity_id = ${p(1)} AND seq = ${p(2)}`, [
      caseId,
      seq,
    ])) as Array<{ state: string }>;
    let state: StoredCaseState;
    try {
      state = decodeCaseState(row.state);
    } catch {
      // An unreadable stored state is as good as none: the journal is the record.
      return null;
    }
    this.readStates.set(key, state, { size: row.state.length });
    return { seq, maxAt: found.maxAt, state };
  }

  async count(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT COUNT(*) AS n FROM journal_snapshots');
    return Number(row.n);
  }

  /** Builds the missing states of a case in the background; one build per case at a time. */
  scheduleCase(caseId: string): void {
    if (this.building.has(caseId)) return;
    this.building.add(caseId);
    this.buildCase(caseId)
      .catch((error: unknown) => this.logger.warn(`Snapshots of case ${caseId} not built: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.building.delete(caseId));
  }

  /** Folds the case's rows after its latest stored state and stores a state every SNAPSHOT_EVERY rows. */
  async buildCase(caseId: string): Promise<number> {
    const latest = await this.nearestCase(caseId);
    let fold = latest ? CaseFold.resume(latest.state) : null;
    let after = latest?.seq ?? 0;
    let maxAt = latest?.maxAt ?? '';
    let since = 0;
    let stored = 0;
    for (;;) {
      const rows = await this.journal.caseRowsAfter(caseId, after, { limit: BUILD_BATCH });
      for (const row of rows) {
        fold = applyCaseRow(fold, caseId, row);
        if (row.at > maxAt) maxAt = row.at;
        since += 1;
        if (fold && since >= SNAPSHOT_EVERY) {
          await this.store(caseId, row.seq, maxAt, fold.encode());
          stored += 1;
          since = 0;
        }
      }
      if (rows.length < BUILD_BATCH) return stored;
      after = rows[rows.length - 1].seq;
    }
  }

  /**
   * Every stored state compared with the state the journal gives at its seq; what differs,
   * or cannot be read, is named. Reads each case with stored states once, in seq order.
   */
  async *check(): AsyncGenerator<SnapshotProblem> {
    const stored = (await this.dataSource.query(
      "SELECT entity_id AS \"caseId\", seq, max_at AS \"maxAt\", state FROM journal_snapshots WHERE entity_type = 'case' ORDER BY entity_id, seq",
    )) as Array<{ caseId: string; seq: number | string; maxAt: string; state: string }>;
    const byCase = new Map<string, Array<{ seq: number; maxAt: string; state: string }>>();
    for (const row of stored) {
      const list = byCase.get(row.caseId) ?? [];
      list.push({ seq: Number(row.seq), maxAt: row.maxAt, state: row.state });
      byCase.set(row.caseId, list);
    }
    for (const [caseId, snapshots] of byCase) {
      let fold: CaseFold | null = null;
      let after = 0;
      let maxAt = '';
      let next = 0;
      while (next < snapshots.length) {
        const rows = await this.journal.caseRowsAfter(caseId, after, { limit: BUILD_BATCH });
        for (const row of rows) {
          fold = applyCaseRow(fold, caseId, row);
          if (row.at > maxAt) maxAt = row.at;
          while (next < snapshots.length && snapshots[next].seq <= row.seq) {
            const snapshot = snapshots[next++];
            if (snapshot.seq !== row.seq || !fold) yield { caseId, seq: snapshot.seq, reason: 'no journal row of the case at this seq' };
            else if (!sameState(snapshot.state, fold.view()) || snapshot.maxAt !== maxAt) yield { caseId, seq: snapshot.seq, reason: 'differs from the state the journal gives' };
          }
        }
        if (rows.length < BUILD_BATCH) break;
        after = rows[rows.length - 1].seq;
      }
      for (; next < snapshots.length; next += 1) yield { caseId, seq: snapshots[next].seq, reason: 'beyond the case\'s last journal row' };
    }
  }

  private store(caseId: string, seq: number, maxAt: string, text: string): Promise<unknown> {
    const sql = this.unitOfWork.isPostgres
      ? "INSERT INTO journal_snapshots (entity_type, entity_id, seq, max_at, state) VALUES ('case', $1, $2, $3, $4) ON CONFLICT DO NOTHING"
      : "INSERT OR IGNORE INTO journal_snapshots (entity_type, entity_id, seq, max_at, state) VALUES ('case', ?, ?, ?, ?)";
    return this.unitOfWork.write((tx) => tx.query(sql, [caseId, seq, maxAt, text]));
  }
}

/** One row into a case's fold, which starts at the case's OPEN_CASE row. */
export function applyCaseRow(fold: CaseFold | null, caseId: string, row: JournalRow): CaseFold | null {
  if (row.entityType !== 'case' || row.caseId !== caseId) return fold;
  if (fold) {
    fold.apply(row);
    return fold;
  }
  const opened = CaseFold.open(row);
  opened?.apply(row);
  return opened;
}

function sameState(text: string, state: CaseAsOf): boolean {
  try {
    return canonicalJson(parseCaseState(text)) === canonicalJson(state);
  } catch {
    return false;
  }
}

