import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { CycleEntity } from '../cycles/cycle.entity';
import { EvidenceEntity } from '../evidence/evidence.entity';
import { CaseEntity } from './case.entity';

/** Queries only; the write path lives in CaseWriter. */
@Injectable()
export class CasesRepository {
  constructor(
    @InjectRepository(CaseEntity) private readonly cases: Repository<CaseEntity>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  findById(id: string): Promise<CaseEntity | null> {
    return this.cases.findOneBy({ id });
  }

  listByCycle(cycleId: string, tx?: EntityManager): Promise<CaseEntity[]> {
    return (tx ? tx.getRepository(CaseEntity) : this.cases).find({ where: { cycleId }, order: { criterionCode: 'ASC' } });
  }

  /** The case row, locked for the rest of the transaction on PostgreSQL. */
  findForUpdate(tx: EntityManager, id: string): Promise<CaseEntity | null> {
    return tx.getRepository(CaseEntity).findOne({ where: { id }, ...(this.unitOfWork.isPostgres ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  countLiveEvidence(tx: EntityManager, caseId: string): Promise<number> {
    return tx.getRepository(EvidenceEntity).countBy({ caseId, retracted: false });
  }

  cycleState(tx: EntityManager, cycleId: string): Promise<string | undefined> {
    return tx.getRepository(CycleEntity).findOne({ where: { id: cycleId }, select: { state: true } }).then((cycle) => cycle?.state);
  }

  /** Writes the new state only if nobody changed the row since it was read; false otherwise. */
  async saveIfVersion(tx: EntityManager, record: CaseEntity, expectedVersion: number): Promise<boolean> {
    const result = await tx.getRepository(CaseEntity).update(
      { id: record.id, version: expectedVersion },
      {
        state: record.state,
        snapshot: record.snapshot,
        version: record.version,
        proposedRating: record.proposedRating,
        proposedRationale: record.proposedRationale,
        proposedNarrative: record.proposedNarrative,
        finding: record.finding,
        submittedBy: record.submittedBy,
        updatedAt: record.updatedAt,
      } as never,
    );
    return result.affected === 1;
  }

  insert(tx: EntityManager, records: CaseEntity[]): Promise<unknown> {
    return tx.getRepository(CaseEntity).insert(records as never);
  }
}
