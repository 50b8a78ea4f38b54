import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

interface PendingWrite {
  work: (tx: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

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
  readonly isPostgres: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.isPostgres = dataSource.options.type === 'postgres';
  }

  write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) return this.dataSource.transaction('READ COMMITTED', work);
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

  /** Runs a group in one transaction; a lone unit needs no savepoint, the transaction is its own. */
  private async commitGroup(group: PendingWrite[]): Promise<Outcome[]> {
    if (group.length === 1) {
      try {
        return [{ ok: true, value: await this.dataSource.transaction(group[0].work) }];
      } catch (error) {
        return [{ ok: false, error }];
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
      });
    } catch (commitError) {
      return group.map(() => ({ ok: false as const, error: commitError }));
    }
    return outcomes;
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
