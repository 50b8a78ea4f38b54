import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';

export type SeedStatus = 'seeding' | 'done';

/** The seed module's own table: one row saying how far the demo seed got. */
@Injectable()
export class SeedStateRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async status(): Promise<SeedStatus | null> {
    const rows: { status: SeedStatus }[] = await this.dataSource.query('SELECT status FROM seed_state WHERE id = 1');
    return rows[0]?.status ?? null;
  }

  async set(tx: EntityManager, status: SeedStatus, at: string): Promise<void> {
    const p = (n: number) => this.unitOfWork.param(n);
    await tx.query(`INSERT INTO seed_state (id, status, updated_at) VALUES (1, ${p(1)}, ${p(2)}) ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`, [status, at]);
  }
}
