import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Database as SqliteConnection } from 'better-sqlite3';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { describeFault, isStorageFault, storageUnavailable } from './storage-fault';

interface PendingWrite {
  work: (tx: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** What the journal's integrator needs from every write; set once at start-up (JournalIntegrator). */
export interface CommitHooks {
  /** SQLite: runs last inside each group transaction, so the group and its journal integration share one commit. */
  beforeCommit(tx: EntityManager): Promise<void>;
  /** After each transaction, committed or not, before any of its units is answered. */
  afterCommit(committed: boolean): Promise<void>;
}

const NO_HOOKS: CommitHooks = { beforeCommit: async () => undefined, afterCommit: async () => undefined };

/** What `GET /api/health` reports about the database. */
export interface StorageHealth {
  database: 'sqlite' | 'postgres';
  /** False from a failed commit until a probe write succeeds again. */
  writable: boolean;
  /** When the current state began (ISO 8601). */
  since: string;
  /** The last storage fault, if there was one since start. */
  lastFault: { at: string; statement: string; error: string } | null;
  /** Writes refused with 503 since the database last stopped taking writes. */
  refusedWrites: number;
}

/** Most units of work one SQLite transaction (one fsync) carries. */
const MAX_GROUP = 64;
/** How often a database that stopped taking writes is probed. */
const PROBE_INTERVAL_MS = 500;

/** A failure of the transaction itself (BEGIN, SAVEPOINT, RELEASE, ROLLBACK, COMMIT or a storage error). */
class TransactionFault extends Error {
  constructor(
    readonly statement: string,
    override readonly cause: unknown,
  ) {
    super(`${statement} failed: ${describeFault(cause)}`);
  }
}

// TypeORM's own bookkeeping of the shared SQLite query runner, reset after a failed transaction.
type RunnerState = { isTransactionActive: boolean; transactionDepth: number };

/**
 * The one way to write.
 *
 * SQLite: TypeORM's SQLite drivers share one connection without a transaction lock, so
 * concurrent `transaction()` calls would interleave and lose writes. Writes therefore
 * wait in a queue and run one after another, never interleaved. Whatever has queued up
 * while a transaction was running goes into the next transaction together (group
 * commit): each unit of work runs inside its own SAVEPOINT, so a refused or failed unit
 * is rolled back alone, and one COMMIT, one fsync with `synchronous=FULL`, makes the
 * whole group durable. No caller hears of success before that COMMIT returns; if it
 * fails, every unit of the group fails.
 *
 * PostgreSQL: transactions run concurrently; writers lock the record row they change
 * (`forUpdate`); no row is shared by all writers (journal entries are integrated after
 * the commit, see JournalIntegrator, and the write is answered after that).
 *
 * Storage faults (disk full, I/O error, a dropped connection, any failed COMMIT, ROLLBACK
 * or RELEASE): the connection is brought back to a known state (no open transaction, in
 * SQLite and in TypeORM's view of it), every unit of the group fails, and from then on
 * writes are refused with 503 STORAGE_UNAVAILABLE without touching the database, while
 * reads go on. A probe write runs every PROBE_INTERVAL_MS; the first one that commits
 * opens writes again.
 */
@Injectable()
export class UnitOfWork implements OnModuleDestroy {
  private readonly logger = new Logger('Storage');
  private readonly pending: PendingWrite[] = [];
  private draining = false;
  private health: StorageHealth;
  private probeTimer: NodeJS.Timeout | undefined;
  private destroyed = false;
  private hooks: CommitHooks = NO_HOOKS;
  readonly isPostgres: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.isPostgres = dataSource.options.type === 'postgres';
    this.health = { database: this.isPostgres ? 'postgres' : 'sqlite', writable: true, since: new Date().toISOString(), lastFault: null, refusedWrites: 0 };
  }

  setCommitHooks(hooks: CommitHooks): void {
    this.hooks = hooks;
  }

  write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    if (!this.health.writable) {
      this.health.refusedWrites += 1;
      return Promise.reject(storageUnavailable(this.health.since));
    }
    return this.run(work);
  }

  /** The database's write state, for `GET /api/health`. */
  storageHealth(): StorageHealth {
    return { ...this.health, lastFault: this.health.lastFault && { ...this.health.lastFault } };
  }

  /** `FOR UPDATE` on PostgreSQL; SQLite needs none, its writers are already serialised. */
  get forUpdate(): string {
    return this.isPostgres ? ' FOR UPDATE' : '';
  }

  /** Positional parameter `n` (1-based) in the current dialect. */
  param(n: number): string {
    return this.isPostgres ? `$${n}` : '?';
  }

  onModuleDestroy(): void {
    this.destroyed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
  }

  private run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) return this.runPostgres(work);
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Let requests already read from the sockets reach this queue, so they share the commit.
        setImmediate(() => void this.drain());
      }
    });
  }

  // Answered only once the journal entries written by `work` are integrated.
  private async runPostgres<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const value = await this.transactPostgres(work);
    try {
      await this.hooks.afterCommit(true);
    } catch (error) {
      // Committed, but not yet in the journal: the next integration takes it; the writer hears 503.
      this.logger.error(`Journal integration after a commit failed: ${describeFault(error)}`);
      throw storageUnavailable(new Date().toISOString());
    }
    return value;
  }

  private async transactPostgres<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    let statement = 'BEGIN';
    try {
      // READ COMMITTED, the server's default (checked at start-up, isolation-check.ts): one statement, not two.
      await runner.startTransaction();
      statement = 'work';
      const value = await work(runner.manager);
      statement = 'COMMIT';
      await runner.commitTransaction();
      this.markWritable();
      await runner.release();
      return value;
    } catch (error) {
      let fault: TransactionFault | undefined = statement !== 'work' || isStorageFault(error) ? new TransactionFault(statement, error) : undefined;
      if (runner.isTransactionActive && !fault) {
        try {
          await runner.rollbackTransaction();
        } catch (rollbackError) {
          fault = new TransactionFault('ROLLBACK', rollbackError);
        }
      }
      if (!fault) {
        await runner.release();
        throw error;
      }
      // A connection whose transaction state is unknown never goes back to the pool:
      // releasing it with the error makes pg-pool close it.
      await (runner as unknown as { releasePostgresConnection(err: unknown): Promise<void> }).releasePostgresConnection(fault.cause);
      this.markUnavailable(fault, 1);
      throw storageUnavailable(this.health.since);
    }
  }

  private get sqliteConnection(): SqliteConnection {
    return (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
  }

  /**
   * After a failed transaction the shared connection may still be inside it (SQLite keeps
   * a transaction open after some failed COMMITs) while TypeORM believes either way. Both
   * are brought back to "no transaction": otherwise every later BEGIN would become a
   * SAVEPOINT inside a transaction that never commits.
   */
  private resetSqlite(runner: QueryRunner): void {
    const connection = this.sqliteConnection;
    if (connection.inTransaction) {
      try {
        connection.exec('ROLLBACK');
      } catch (error) {
        this.logger.error(`ROLLBACK after a failed transaction failed: ${describeFault(error)}`);
      }
    }
    const state = runner as unknown as RunnerState;
    state.isTransactionActive = false;
    state.transactionDepth = 0;
  }

  /** Runs a group in one transaction; a lone unit needs no savepoint, the transaction is its own. */
  private async commitGroup(group: PendingWrite[]): Promise<Outcome[]> {
    const runner = this.dataSource.createQueryRunner();
    const lone = group.length === 1;
    const outcomes: Outcome[] = [];
    // A connection left inside a transaction (by anything) must not swallow this group.
    if (runner.isTransactionActive || this.sqliteConnection.inTransaction) this.resetSqlite(runner);
    try {
      await this.control('BEGIN', () => runner.startTransaction());
      for (const unit of group) {
        if (!lone) await this.control('SAVEPOINT', () => runner.query('SAVEPOINT unit_of_work'));
        let value: unknown;
        try {
          value = await unit.work(runner.manager);
        } catch (error) {
          // SQLite rolls the whole transaction back on some errors (disk full, I/O): then
          // the units before this one are gone too, and the group fails as a whole.
          if (isStorageFault(error) || !this.sqliteConnection.inTransaction) throw new TransactionFault('work', error);
          outcomes.push({ ok: false, error });
          if (lone) {
            await this.control('ROLLBACK', () => runner.rollbackTransaction());
            await this.hooks.afterCommit(false);
            return outcomes;
          }
          await this.control('ROLLBACK TO', () => runner.query('ROLLBACK TO SAVEPOINT unit_of_work'));
          await this.control('RELEASE', () => runner.query('RELEASE SAVEPOINT unit_of_work'));
          continue;
        }
        if (!lone) await this.control('RELEASE', () => runner.query('RELEASE SAVEPOINT unit_of_work'));
        outcomes.push({ ok: true, value });
      }
      await this.control('INTEGRATE', () => this.hooks.beforeCommit(runner.manager));
      await this.control('COMMIT', () => runner.commitTransaction());
      await this.hooks.afterCommit(true);
      // Only a commit that stored something shows that the database takes writes.
      if (outcomes.some((outcome) => outcome.ok)) this.markWritable();
      return outcomes;
    } catch (error) {
      const fault = error instanceof TransactionFault ? error : new TransactionFault('transaction', error);
      this.resetSqlite(runner);
      await this.hooks.afterCommit(false);
      this.markUnavailable(fault, group.length);
      const refusal = storageUnavailable(this.health.since);
      return group.map(() => ({ ok: false as const, error: refusal }));
    }
  }

  private async control(statement: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      throw new TransactionFault(statement, error);
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const group = this.pending.splice(0, MAX_GROUP);
        const outcomes = await this.commitGroup(group);
        group.forEach((unit, i) => {
          const outcome = outcomes[i];
          if (outcome.ok) unit.resolve(outcome.value);
          else unit.reject(outcome.error);
        });
        // Better-sqlite3 runs synchronously: yield to I/O so that the next group can gather.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
    }
  }

  private markUnavailable(fault: TransactionFault, failedUnits: number): void {
    const at = new Date().toISOString();
    const error = describeFault(fault.cause);
    const wasWritable = this.health.writable;
    this.health = { ...this.health, writable: false, since: wasWritable ? at : this.health.since, lastFault: { at, statement: fault.statement, error } };
    if (wasWritable) {
      this.logger.error(
        `${fault.statement} failed: ${error}. The transaction was rolled back and its ${failedUnits} write(s) refused; ` +
          `writes are refused with 503 STORAGE_UNAVAILABLE until the database takes writes again (probing every ${PROBE_INTERVAL_MS} ms). Reads go on.`,
      );
    }
    this.scheduleProbe();
  }

  private markWritable(): void {
    if (this.health.writable) return;
    const seconds = ((Date.now() - Date.parse(this.health.since)) / 1000).toFixed(1);
    this.logger.warn(`The database takes writes again after ${seconds} s; ${this.health.refusedWrites} write(s) were refused with 503 meanwhile.`);
    this.health = { ...this.health, writable: true, since: new Date().toISOString(), refusedWrites: 0 };
  }

  private scheduleProbe(): void {
    if (this.probeTimer || this.destroyed) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      // A failed probe marks the database unavailable again, which schedules the next one.
      this.run((tx) => tx.query(`INSERT INTO storage_probe (id, probed_at) VALUES (1, ${this.param(1)}) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at`, [new Date().toISOString()])).catch(
        (error: unknown) => {
          // Not a storage fault (e.g. a missing probe table): keep probing rather than stay shut.
          if (!this.health.writable && !this.probeTimer) {
            this.logger.warn(`Storage probe failed: ${describeFault(error)}`);
            this.scheduleProbe();
          }
        },
      );
    }, PROBE_INTERVAL_MS);
    this.probeTimer.unref();
  }
}
