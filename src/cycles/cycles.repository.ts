import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, MoreThan, Repository } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { CycleEntity } from './cycle.entity';
import { TrancheEntity } from './tranche.entity';

/** Cycles and their tranches: queries and the versioned save the transition runner uses. */
@Injectable()
export class CyclesRepository {
  constructor(
    @InjectRepository(CycleEntity) private readonly cycles: Repository<CycleEntity>,
    @InjectRepository(TrancheEntity) private readonly tranches: Repository<TrancheEntity>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  findById(id: string, tx?: EntityManager): Promise<CycleEntity | null> {
    return (tx ? tx.getRepository(CycleEntity) : this.cycles).findOneBy({ id });
  }

  /** Cycles in id order after `afterId`: reconciliation reads the whole table in bounded batches. */
  pageAfter(afterId: string, limit: number): Promise<CycleEntity[]> {
    return this.cycles.find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
  }

  byIds(ids: string[]): Promise<CycleEntity[]> {
    return ids.length ? this.cycles.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  list(): Promise<CycleEntity[]> {
    return this.cycles.find({ order: { fiscalYear: 'DESC', id: 'ASC' } });
  }

  /** A cycle's tranches in statutory order. */
  tranchesOf(cycleId: string, tx?: EntityManager): Promise<TrancheEntity[]> {
    return (tx ? tx.getRepository(TrancheEntity) : this.tranches).find({ where: { cycleId }, order: { position: 'ASC' } });
  }

  async trancheState(tx: EntityManager, cycleId: string, trancheCode: string): Promise<string | undefined> {
    const p = (n: number) => this.unitOfWork.param(n);
    const rows: Array<{ state: string }> = await tx.query(`SELECT state FROM tranches WHERE cycle_id = ${p(1)} AND code = ${p(2)}`, [cycleId, trancheCode]);
    return rows[0]?.state;
  }

  /** Every tranche, grouped by cycle (for the cycle list). */
  async allTranches(): Promise<Map<string, TrancheEntity[]>> {
    const grouped = new Map<string, TrancheEntity[]>();
    for (const tranche of await this.tranches.find({ order: { cycleId: 'ASC', position: 'ASC' } })) {
      grouped.set(tranche.cycleId, [...(grouped.get(tranche.cycleId) ?? []), tranche]);
    }
    return grouped;
  }

  findForUpdate(tx: EntityManager, id: string): Promise<CycleEntity | null> {
    return tx.getRepository(CycleEntity).findOne({ where: { id }, ...(this.unitOfWork.isPostgres ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findByTriple(tx: EntityManager, statuteId: string, fiscalYear: number, recipient: string): Promise<CycleEntity | null> {
    return tx.getRepository(CycleEntity).findOneBy({ statuteId, fiscalYear, recipient });
  }

  async insert(tx: EntityManager, cycle: CycleEntity, tranches: TrancheEntity[]): Promise<void> {
    await tx.getRepository(CycleEntity).insert(cycle as never);
    await tx.getRepository(TrancheEntity).insert(tranches as never);
  }

  /** Writes the cycle's new version and the changed tranches only if nobody changed the cycle since it was read. */
  async saveIfVersion(tx: EntityManager, cycle: CycleEntity, expectedVersion: number, changed: TrancheEntity[]): Promise<boolean> {
    const result = await tx.getRepository(CycleEntity).update(
      { id: cycle.id, version: expectedVersion },
      { version: cycle.version, statuteVersion: cycle.statuteVersion, updatedAt: cycle.updatedAt } as never,
    );
    if (result.affected !== 1) return false;
    for (const tranche of changed) {
      await tx.getRepository(TrancheEntity).update(
        { cycleId: tranche.cycleId, code: tranche.code },
        { state: tranche.state, snapshot: tranche.snapshot, decision: tranche.decision, updatedAt: tranche.updatedAt } as never,
      );
    }
    return true;
  }
}
