import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { JournalEntryEntity } from './journal-entry.entity';
import { canonicalJournalText, PG_CANONICAL_JOURNAL_TEXT, SQLITE_CANONICAL_JOURNAL_TEXT } from './journal-hash';
import { JOURNAL_COLUMNS, JOURNAL_VALUE_COLUMNS, JournalRow, JournalValues, toJournalRow } from './journal-row';

export interface JournalFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  event?: string;
  /** Inclusive lower bound on `at` (ISO-8601 UTC, as stored). */
  from?: string;
  /** Exclusive upper bound on `at`. */
  to?: string;
}

export interface JournalHeadState {
  headSeq: number;
  headHash: string;
  /** Highest seq present in the table (null when empty): rows beyond the head were not written by the desk. */
  maxSeq: number | null;
  /** The head's checkpoint as signed by the integrator (null before the first integration). */
  signedHead?: string | null;
  /** Rows in the Merkle tree: below headSeq only while an upgraded journal's tree is being built. */
  treeSize?: number;
}

// In `seq`-less positional values (at, entity_type, ...): cycle_id, case_id, from_state, to_state, comment may be NULL.
const NULLABLE_VALUE_INDEXES = [3, 4, 6, 7, 9];
const KEYSET = 'FROM journal WHERE seq > ? AND seq <= ? ORDER BY seq ASC LIMIT ?';
const CANONICAL_TEXTS_AFTER = `SELECT seq, ${SQLITE_CANONICAL_JOURNAL_TEXT}, hash ${KEYSET}`;

/** The part of a better-sqlite3 Database handle used here. */
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
interface SqliteStatement {
  raw(on: boolean): SqliteStatement;
  all(...params: unknown[]): JournalValues[];
}

/** Queries only; rows are written by JournalService.append inside a UnitOfWork. */
@Injectable()
export class JournalRepository {
  // Prepared once per connection (the statement belongs to the handle it was prepared on).
  private sqlite?: { connection: SqliteConnection; statements: Map<string, SqliteStatement> };

  constructor(
    @InjectRepository(JournalEntryEntity) private readonly journal: Repository<JournalEntryEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** A cycle's case rows of the given events in journal order (the memo's Drafted and Cleared lines); `tx` reads inside a write. */
  caseRowsOfCycle(cycleId: string, events: string[], tx?: EntityManager): Promise<JournalEntryEntity[]> {
    return (tx ? tx.getRepository(JournalEntryEntity) : this.journal).find({ where: { cycleId, entityType: 'case', event: In(events) }, order: { seq: 'ASC' } });
  }

  /** Head and highest seq in ONE statement, so both come from the same snapshot. */
  async head(): Promise<JournalHeadState> {
    const [row] = (await this.dataSource.query(
      'SELECT h.seq AS "headSeq", h.hash AS "headHash", h.signed_head AS "signedHead", h.tree_size AS "treeSize", (SELECT MAX(seq) FROM journal) AS "maxSeq" FROM journal_head h WHERE h.id = 1',
    )) as Array<Record<string, unknown>>;
    return {
      headSeq: Number(row.headSeq),
      headHash: String(row.headHash),
      maxSeq: row.maxSeq === null ? null : Number(row.maxSeq),
      signedHead: (row.signedHead as string | null | undefined) ?? null,
      treeSize: Number(row.treeSize),
    };
  }

  /** Seq and row hash of the rows in (afterSeq, uptoSeq], in order. */
  async hashesBetween(afterSeq: number, uptoSeq: number): Promise<Array<{ seq: number; hash: string }>> {
    const p = (n: number) => this.unitOfWork.param(n);
    const rows = (await this.dataSource.query(`SELECT seq, hash FROM journal WHERE seq > ${p(1)} AND seq <= ${p(2)} ORDER BY seq`, [afterSeq, uptoSeq])) as Array<{ seq: number | string; hash: string }>;
    return rows.map((row) => ({ seq: Number(row.seq), hash: row.hash }));
  }

  /** Keyset batch in seq order, raw (unparsed) rows: the caller decides how to treat a bad payload. */
  async batchAfter(afterSeq: number, limit: number, maxSeq: number): Promise<Array<Record<string, unknown>>> {
    if (this.unitOfWork.isPostgres) {
      const from = await this.pgBatchStart(afterSeq, limit, maxSeq);
      if (from === null) return [];
      return this.dataSource.query(`SELECT ${JOURNAL_COLUMNS} FROM journal WHERE seq > $1 AND seq <= $2 ORDER BY seq ASC`, [from, Math.min(from + limit, maxSeq)]);
    }
    return this.dataSource.query(`SELECT ${JOURNAL_COLUMNS} ${KEYSET}`, [afterSeq, maxSeq, limit]);
  }

  /**
   * PostgreSQL batches read a seq range exactly `limit` wide: with `seq <= max ORDER BY seq
   * LIMIT n` and no statistics yet (a freshly filled journal) the planner chose a bitmap scan
   * of the whole range and a sort, 25 µs a row. The range is as wide as the batch because seq
   * has no gaps; where a gap wider than a batch was cut (tampering), the next seq is looked up
   * so that export and verification still read every row that is there.
   */
  private async pgBatchStart(afterSeq: number, limit: number, maxSeq: number): Promise<number | null> {
    if (afterSeq >= maxSeq) return null;
    const [probe] = await this.dataSource.query('SELECT 1 AS present FROM journal WHERE seq > $1 AND seq <= $2 LIMIT 1', [afterSeq, Math.min(afterSeq + limit, maxSeq)]);
    if (probe) return afterSeq;
    const [next] = await this.dataSource.query('SELECT MIN(seq) AS seq FROM journal WHERE seq > $1 AND seq <= $2', [afterSeq, maxSeq]);
    return next?.seq === null || next?.seq === undefined ? null : Number(next.seq) - 1;
  }

  /** The same keyset batch as positional values (JOURNAL_VALUE_COLUMNS), for verification. */
  async valuesAfter(afterSeq: number, limit: number, maxSeq: number): Promise<JournalValues[]> {
    if (this.unitOfWork.isPostgres) return this.pgValuesAfter(afterSeq, limit, maxSeq);
    return this.sqliteStatement(`SELECT ${JOURNAL_VALUE_COLUMNS} ${KEYSET}`).all(afterSeq, maxSeq, limit);
  }

  /**
   * SQLite only: the same keyset batch as `[seq, canonical text, hash]`, the text assembled
   * by SQLite itself. Read through better-sqlite3 directly (a prepared statement in raw
   * mode): fourteen values a row through TypeORM's query() cost more than hashing them.
   */
  canonicalTextsAfter(afterSeq: number, limit: number, maxSeq: number): Array<[number, string | null, string]> {
    return this.sqliteStatement(CANONICAL_TEXTS_AFTER).all(afterSeq, maxSeq, limit) as Array<[number, string | null, string]>;
  }

  /**
   * SQLite only: where another thread can run canonicalTextsAfter on a connection of its own
   * (parameters afterSeq, maxSeq, limit), or null for a database that is not a file.
   */
  canonicalTextsQuery(): { file: string; sql: string } | null {
    const connection = (this.dataSource.driver as unknown as { databaseConnection: { name?: string; memory?: boolean } }).databaseConnection;
    if (!connection?.name || connection.memory || connection.name === ':memory:') return null;
    return { file: connection.name, sql: CANONICAL_TEXTS_AFTER };
  }

  /**
   * PostgreSQL: the `[seq, canonical text, hash]` batch of the seq range (from, to], the text
   * assembled by PostgreSQL, for another thread with a connection of its own; and the query
   * that finds the next seq after a gap (as pgBatchStart does).
   */
  canonicalTextsQueryPg(): { sql: string; nextSql: string } {
    return {
      sql: `SELECT seq, ${PG_CANONICAL_JOURNAL_TEXT}, hash FROM journal WHERE seq > $1 AND seq <= $2 ORDER BY seq ASC`,
      nextSql: 'SELECT MIN(seq) FROM journal WHERE seq > $1 AND seq <= $2',
    };
  }

  /**
   * PostgreSQL: the same `[seq, canonical text, hash]` batch, the text assembled here from
   * positional values read through the pg pool in array mode (TypeORM's query() builds an
   * object per row, which cost more than the hashing). A payload that is not text yields
   * null, which the full check then decides.
   */
  async canonicalTextsAfterPg(afterSeq: number, limit: number, maxSeq: number): Promise<Array<[number, string | null, string]>> {
    const rows = await this.pgValuesAfter(afterSeq, limit, maxSeq);
    return rows.map((v) => {
      const seq = Number(v[0]);
      const hash = v[13] as string;
      const textual = v.slice(1, 13).every((value, i) => value === null ? NULLABLE_VALUE_INDEXES.includes(i) : typeof value === 'string');
      if (!textual) return [seq, null, hash];
      const [at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, payload, prevHash] = v.slice(1, 13) as Array<string | null>;
      return [seq, canonicalJournalText(seq, at!, entityType!, entityId!, cycleId, caseId, event!, fromState, toState, actor!, comment, payload!, prevHash!), hash];
    });
  }

  /** PostgreSQL keyset batch as positional values, read through the pg pool in array mode (no per-row objects). */
  private async pgValuesAfter(afterSeq: number, limit: number, maxSeq: number): Promise<JournalValues[]> {
    const from = await this.pgBatchStart(afterSeq, limit, maxSeq);
    if (from === null) return [];
    const pool = (this.dataSource.driver as unknown as { master: { query(config: object): Promise<{ rows: unknown[][] }> } }).master;
    const { rows } = await pool.query({
      text: `SELECT ${JOURNAL_VALUE_COLUMNS} FROM journal WHERE seq > $1 AND seq <= $2 ORDER BY seq ASC`,
      values: [from, Math.min(from + limit, maxSeq)],
      rowMode: 'array',
    });
    return rows;
  }

  private sqliteStatement(sql: string): SqliteStatement {
    const connection = (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    // Statements belong to the handle they were prepared on.
    if (this.sqlite?.connection !== connection) this.sqlite = { connection, statements: new Map() };
    let statement = this.sqlite.statements.get(sql);
    if (!statement) {
      statement = connection.prepare(sql).raw(true);
      this.sqlite.statements.set(sql, statement);
    }
    return statement;
  }

  /** A case's rows after `afterSeq`, oldest first: all of them up to `limit`, or only those written at or before `at`. */
  async caseRowsAfter(caseId: string, afterSeq: number, options: { at?: string; limit?: number }): Promise<JournalRow[]> {
    const p = (n: number) => this.unitOfWork.param(n);
    const params: unknown[] = [caseId, afterSeq];
    let sql = `SELECT ${JOURNAL_COLUMNS} FROM journal WHERE case_id = ${p(1)} AND seq > ${p(2)}`;
    if (options.at !== undefined) {
      params.push(options.at);
      sql += ` AND at <= ${p(params.length)}`;
    }
    sql += ' ORDER BY seq ASC';
    if (options.limit !== undefined) {
      params.push(options.limit);
      sql += ` LIMIT ${p(params.length)}`;
    }
    return ((await this.dataSource.query(sql, params)) as Array<Record<string, unknown>>).map(toJournalRow);
  }

  /** The rows of one case (or of a cycle and all its cases) written at or before `at`, oldest first. */
  async upTo(scope: 'case' | 'cycle', id: string, at: string): Promise<JournalRow[]> {
    const p = (n: number) => this.unitOfWork.param(n);
    const column = scope === 'case' ? 'case_id' : 'cycle_id';
    const rows = (await this.dataSource.query(
      `SELECT ${JOURNAL_COLUMNS} FROM journal WHERE ${column} = ${p(1)} AND at <= ${p(2)} ORDER BY seq ASC`,
      [id, at],
    )) as Array<Record<string, unknown>>;
    return rows.map(toJournalRow);
  }

  async search(filter: JournalFilter, order: 'asc' | 'desc', limit: number, offset: number): Promise<JournalRow[]> {
    const { where, params } = this.where(filter);
    const p = (n: number) => this.unitOfWork.param(n);
    const rows = (await this.dataSource.query(
      `SELECT ${JOURNAL_COLUMNS} FROM journal${where} ORDER BY seq ${order === 'desc' ? 'DESC' : 'ASC'} LIMIT ${p(params.length + 1)} OFFSET ${p(params.length + 2)}`,
      [...params, limit, offset],
    )) as Array<Record<string, unknown>>;
    return rows.map(toJournalRow);
  }

  /**
   * Matching rows, counted up to `cap` + 1 only: a broad filter on a million rows must not
   * cost a full index scan per page. The caller reports a count above the cap as a lower bound.
   */
  async countUpTo(filter: JournalFilter, cap: number): Promise<number> {
    const { where, params } = this.where(filter);
    const [row] = (await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM journal${where} LIMIT ${this.unitOfWork.param(params.length + 1)}) capped`,
      [...params, cap + 1],
    )) as Array<{ n: string | number }>;
    return Number(row.n);
  }

  private where(filter: JournalFilter): { where: string; params: unknown[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      clauses.push(`${sql} ${this.unitOfWork.param(params.length)}`);
    };
    if (filter.entityType !== undefined) add('entity_type =', filter.entityType);
    if (filter.entityId !== undefined) add('entity_id =', filter.entityId);
    if (filter.actor !== undefined) add('actor =', filter.actor);
    if (filter.event !== undefined) add('event =', filter.event);
    if (filter.from !== undefined) add('at >=', filter.from);
    if (filter.to !== undefined) add('at <', filter.to);
    return { where: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', params };
  }
}
