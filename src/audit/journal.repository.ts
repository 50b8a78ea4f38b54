import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { JournalEntryEntity } from './journal-entry.entity';
import { SQLITE_CANONICAL_JOURNAL_TEXT } from './journal-hash';
import { JOURNAL_COLUMNS, JOURNAL_VALUE_COLUMNS, JournalRow, JournalValues, toJournalRow, toJournalValues } from './journal-row';

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
}

const KEYSET = 'FROM journal WHERE seq > ? AND seq <= ? ORDER BY seq ASC LIMIT ?';

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

  forCase(caseId: string): Promise<JournalEntryEntity[]> {
    return this.journal.find({ where: { caseId }, order: { seq: 'ASC' } });
  }

  forCycle(cycleId: string): Promise<JournalEntryEntity[]> {
    return this.journal.find({ where: { cycleId, entityType: 'cycle' }, order: { seq: 'ASC' } });
  }

  /** Head and highest seq in ONE statement, so both come from the same snapshot. */
  async head(): Promise<JournalHeadState> {
    const [row] = (await this.dataSource.query(
      'SELECT h.seq AS "headSeq", h.hash AS "headHash", (SELECT MAX(seq) FROM journal) AS "maxSeq" FROM journal_head h WHERE h.id = 1',
    )) as Array<Record<string, unknown>>;
    return { headSeq: Number(row.headSeq), headHash: String(row.headHash), maxSeq: row.maxSeq === null ? null : Number(row.maxSeq) };
  }

  /** Keyset batch in seq order, raw (unparsed) rows: the caller decides how to treat a bad payload. */
  batchAfter(afterSeq: number, limit: number, maxSeq: number): Promise<Array<Record<string, unknown>>> {
    const p = (n: number) => this.unitOfWork.param(n);
    return this.dataSource.query(
      `SELECT ${JOURNAL_COLUMNS} FROM journal WHERE seq > ${p(1)} AND seq <= ${p(2)} ORDER BY seq ASC LIMIT ${p(3)}`,
      [afterSeq, maxSeq, limit],
    );
  }

  /** The same keyset batch as positional values (JOURNAL_VALUE_COLUMNS), for verification. */
  async valuesAfter(afterSeq: number, limit: number, maxSeq: number): Promise<JournalValues[]> {
    if (this.unitOfWork.isPostgres) return (await this.batchAfter(afterSeq, limit, maxSeq)).map(toJournalValues);
    return this.sqliteStatement(`SELECT ${JOURNAL_VALUE_COLUMNS} ${KEYSET}`).all(afterSeq, maxSeq, limit);
  }

  /**
   * SQLite only: the same keyset batch as `[seq, canonical text, hash]`, the text assembled
   * by SQLite itself. Read through better-sqlite3 directly (a prepared statement in raw
   * mode): fourteen values a row through TypeORM's query() cost more than hashing them.
   */
  canonicalTextsAfter(afterSeq: number, limit: number, maxSeq: number): Array<[number, string | null, string]> {
    return this.sqliteStatement(`SELECT seq, ${SQLITE_CANONICAL_JOURNAL_TEXT}, hash ${KEYSET}`).all(afterSeq, maxSeq, limit) as Array<[number, string | null, string]>;
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
