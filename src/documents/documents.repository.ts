import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { JournalEntryEntity } from '../audit/journal-entry.entity';
import { UserEntity } from '../auth/user.entity';
import { CaseEntity } from '../cases/case.entity';
import { CycleEntity } from '../cycles/cycle.entity';
import { EvidenceEntity } from '../evidence/evidence.entity';
import { EvidenceRevisionEntity } from '../evidence/evidence-revision.entity';
import { DocumentEntity, DocumentKind } from './document.entity';

/** Queries only: documents, and what documents are built from. `tx` reads inside a write transaction. */
@Injectable()
export class DocumentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  findCycle(id: string): Promise<CycleEntity | null> {
    return this.dataSource.manager.getRepository(CycleEntity).findOneBy({ id });
  }

  cases(cycleId: string, tx?: EntityManager): Promise<CaseEntity[]> {
    return this.manager(tx).getRepository(CaseEntity).find({ where: { cycleId }, order: { criterionCode: 'ASC' } });
  }

  latest(cycleId: string, kind: DocumentKind, tx?: EntityManager): Promise<DocumentEntity | null> {
    return this.manager(tx).getRepository(DocumentEntity).findOne({ where: { cycleId, kind }, order: { number: 'DESC' } });
  }

  async nextNumber(tx: EntityManager, cycleId: string, kind: DocumentKind): Promise<number> {
    return ((await this.latest(cycleId, kind, tx))?.number ?? 0) + 1;
  }

  insert(tx: EntityManager, document: DocumentEntity): Promise<unknown> {
    return tx.getRepository(DocumentEntity).insert(document as never);
  }

  /** Live (not retracted) evidence of the given cases at its current revision. */
  async liveEvidence(caseIds: string[], tx?: EntityManager): Promise<Array<{ caseId: string; revision: EvidenceRevisionEntity }>> {
    if (caseIds.length === 0) return [];
    const manager = this.manager(tx);
    const items = await manager.getRepository(EvidenceEntity).find({
      where: { caseId: In(caseIds), retracted: false },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    if (items.length === 0) return [];
    const revisions = await manager
      .getRepository(EvidenceRevisionEntity)
      .createQueryBuilder('r')
      .innerJoin(EvidenceEntity, 'e', 'e.id = r.evidence_id AND e.current_revision = r.revision')
      .where('e.case_id IN (:...caseIds)', { caseIds })
      .getMany();
    const byItem = new Map(revisions.map((revision) => [revision.evidenceId, revision]));
    return items.map((item) => ({ caseId: item.caseId, revision: byItem.get(item.id)! }));
  }

  /** Submissions and approvals of the cycle's cases, oldest first: who drafted and who cleared. */
  workflowHistory(cycleId: string, tx?: EntityManager): Promise<JournalEntryEntity[]> {
    return this.manager(tx).getRepository(JournalEntryEntity).find({
      where: { cycleId, entityType: 'case', event: In(['SUBMIT_FOR_REVIEW', 'APPROVE']) },
      order: { seq: 'ASC' },
    });
  }

  async displayNames(usernames: string[], tx?: EntityManager): Promise<Map<string, string>> {
    if (usernames.length === 0) return new Map();
    const users = await this.manager(tx).getRepository(UserEntity).find({ where: { username: In(usernames) }, select: { username: true, displayName: true } });
    return new Map(users.map((user) => [user.username, user.displayName]));
  }
}
