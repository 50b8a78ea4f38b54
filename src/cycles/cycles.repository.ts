import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, MoreThan, Repository } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { CycleEntity } from './cycle.entity';

@Injectable()
export class CyclesRepository {
  constructor(
    @InjectRepository(CycleEntity) private readonly cycles: Repository<CycleEntity>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  findById(id: string): Promise<CycleEntity | null> {
    return this.cycles.findOneBy({ id });
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

  findForUpdate(tx: EntityManager, id: string): Promise<CycleEntity | null> {
    return tx.getRepository(CycleEntity).findOne({ where: { id }, ...(this.unitOfWork.isPostgres ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findByStatuteAndYear(tx: EntityManager, statuteId: string, fiscalYear: number): Promise<CycleEntity | null> {
    return tx.getRepository(CycleEntity).findOneBy({ statuteId, fiscalYear });
  }

  insert(tx: EntityManager, cycle: CycleEntity): Promise<unknown> {
    return tx.getRepository(CycleEntity).insert(cycle as never);
  }

  /** Writes the new state only if nobody changed the row since it was read. */
  async saveIfVersion(tx: EntityManager, cycle: CycleEntity, expectedVersion: number): Promise<boolean> {
    const result = await tx.getRepository(CycleEntity).update(
      { id: cycle.id, version: expectedVersion },
      { state: cycle.state, snapshot: cycle.snapshot, version: cycle.version, decision: cycle.decision, updatedAt: cycle.updatedAt } as never,
    );
    return result.affected === 1;
  }
}
