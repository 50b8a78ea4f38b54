import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The one way to write. TypeORM's SQLite drivers share one connection without a
 * transaction lock, so concurrent `transaction()` calls would interleave and lose
 * writes: on SQLite every write transaction waits its turn in this queue. On
 * PostgreSQL transactions run concurrently and writers lock the rows they change
 * (`lockForUpdate`), with the journal head locked last by every writer.
 */
@Injectable()
export class UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();
  readonly isPostgres: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.isPostgres = dataSource.options.type === 'postgres';
  }

  write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) return this.dataSource.transaction('READ COMMITTED', work);
    const run = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** `FOR UPDATE` on PostgreSQL; SQLite needs none, its writers are already serialised. */
  get forUpdate(): string {
    return this.isPostgres ? ' FOR UPDATE' : '';
  }

  /** Positional parameter `n` (1-based) in the current dialect. */
  param(n: number): string {
    return this.isPostgres ? `$${n}` : '?';
  }
}
