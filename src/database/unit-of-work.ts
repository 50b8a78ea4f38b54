import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

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

/** Most units of work one SQLite transaction (one fsync) carries. */
const MAX_GROUP = 64;

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
 * (`forUpdate`) and then the journal head, always in that order.
 */
@Injectable()
export class UnitOfWork {
  private readonly pending: PendingWrite[] = [];
  private draining = false;
  private hooks: CommitHooks = NO_HOOKS;
  readonly isPostgres: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.isPostgres = dataSource.options.type === 'postgres';
  }

  setCommitHooks(hooks: CommitHooks): void {
    this.hooks = hooks;
  }

  write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) return this.writePostgres(work);
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Let requests already read from the sockets reach this queue, so they share the commit.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** `FOR UPDATE` on PostgreSQL; SQLite needs none, its writers are already serialised. */
  get forUpdate(): string {
    return this.isPostgres ? ' FOR UPDATE' : '';
  }

  /** Positional parameter `n` (1-based) in the current dialect. */
  param(n: number): string {
    return this.isPostgres ? `$${n}` : '?';
  }

  // Answered only after the hooks: the journal entry written by `work` is then integrated.
  private async writePostgres<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const value = await this.dataSource.transaction('READ COMMITTED', work);
    await this.hooks.afterCommit(true);
    return value;
  }

  /** Runs a group in one transaction; a lone unit needs no savepoint, the transaction is its own. */
  private async commitGroup(group: PendingWrite[]): Promise<Outcome[]> {
    const { outcomes, committed } = await this.runGroup(group);
    await this.hooks.afterCommit(committed);
    return outcomes;
  }

  private async runGroup(group: PendingWrite[]): Promise<{ outcomes: Outcome[]; committed: boolean }> {
    if (group.length === 1) {
      try {
        const value = await this.dataSource.transaction(async (tx) => {
          const result = await group[0].work(tx);
          await this.hooks.beforeCommit(tx);
          return result;
        });
        return { outcomes: [{ ok: true, value }], committed: true };
      } catch (error) {
        return { outcomes: [{ ok: false, error }], committed: false };
      }
    }
    const outcomes: Outcome[] = [];
    try {
      await this.dataSource.transaction(async (tx) => {
        for (const unit of group) {
          await tx.query('SAVEPOINT unit_of_work');
          try {
            const value = await unit.work(tx);
            await tx.query('RELEASE SAVEPOINT unit_of_work');
            outcomes.push({ ok: true, value });
          } catch (error) {
            await tx.query('ROLLBACK TO SAVEPOINT unit_of_work');
            await tx.query('RELEASE SAVEPOINT unit_of_work');
            outcomes.push({ ok: false, error });
          }
        }
        await this.hooks.beforeCommit(tx);
      });
    } catch (commitError) {
      return { outcomes: group.map(() => ({ ok: false as const, error: commitError })), committed: false };
    }
    return { outcomes, committed: true };
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
}
