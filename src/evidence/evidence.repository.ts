import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, MoreThan, Repository } from 'typeorm';
import { EvidenceEntity } from './evidence.entity';
import { EvidenceRevisionEntity } from './evidence-revision.entity';

@Injectable()
export class EvidenceRepository {
  constructor(
    @InjectRepository(EvidenceEntity) private readonly items: Repository<EvidenceEntity>,
    @InjectRepository(EvidenceRevisionEntity) private readonly revisions: Repository<EvidenceRevisionEntity>,
  ) {}

  findById(id: string, tx?: EntityManager): Promise<EvidenceEntity | null> {
    return (tx ? tx.getRepository(EvidenceEntity) : this.items).findOneBy({ id });
  }

  /** Every item of a case with its current revision, oldest first. */
  listCurrent(caseId: string): Promise<Array<[EvidenceEntity, EvidenceRevisionEntity]>> {
    return this.currentOf([caseId]);
  }

  /**
   * Items of the given cases with their current revisions, oldest first; `liveOnly` leaves
   * out retracted items. Inside a write transaction when `tx` is given.
   */
  async currentOf(caseIds: string[], options: { liveOnly?: boolean; tx?: EntityManager } = {}): Promise<Array<[EvidenceEntity, EvidenceRevisionEntity]>> {
    if (caseIds.length === 0) return [];
    const items = await (options.tx ? options.tx.getRepository(EvidenceEntity) : this.items).find({
      where: { caseId: In(caseIds), ...(options.liveOnly ? { retracted: false } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    if (items.length === 0) return [];
    const revisions = await (options.tx ? options.tx.getRepository(EvidenceRevisionEntity) : this.revisions)
      .createQueryBuilder('r')
      .innerJoin(EvidenceEntity, 'e', 'e.id = r.evidence_id AND e.current_revision = r.revision')
      .where('e.case_id IN (:...caseIds)', { caseIds })
      .getMany();
    const byItem = new Map(revisions.map((revision) => [revision.evidenceId, revision]));
    return items.map((item) => [item, byItem.get(item.id)!]);
  }

  /** Items in id order after `afterId`: reconciliation reads the whole table in bounded batches. */
  itemsAfter(afterId: string, limit: number): Promise<EvidenceEntity[]> {
    return this.items.find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
  }

  itemsByIds(ids: string[]): Promise<EvidenceEntity[]> {
    return ids.length ? this.items.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  /** Revisions in id order after `afterId`, every revision of every item. */
  revisionsAfter(afterId: string, limit: number): Promise<EvidenceRevisionEntity[]> {
    return this.revisions.find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
  }

  revisionsByIds(ids: string[]): Promise<EvidenceRevisionEntity[]> {
    return ids.length ? this.revisions.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  listRevisions(evidenceId: string): Promise<EvidenceRevisionEntity[]> {
    return this.revisions.find({ where: { evidenceId }, order: { revision: 'ASC' } });
  }

  currentRevision(item: EvidenceEntity, tx?: EntityManager): Promise<EvidenceRevisionEntity | null> {
    return (tx ? tx.getRepository(EvidenceRevisionEntity) : this.revisions).findOneBy({ evidenceId: item.id, revision: item.currentRevision });
  }

  async insertItem(tx: EntityManager, item: EvidenceEntity, revision: EvidenceRevisionEntity): Promise<void> {
    await tx.getRepository(EvidenceEntity).insert(item);
    await tx.getRepository(EvidenceRevisionEntity).insert(revision);
  }

  async insertRevision(tx: EntityManager, item: EvidenceEntity, revision: EvidenceRevisionEntity): Promise<void> {
    await tx.getRepository(EvidenceRevisionEntity).insert(revision);
    await tx.getRepository(EvidenceEntity).update({ id: item.id }, { currentRevision: revision.revision });
  }

  async markRetracted(tx: EntityManager, item: EvidenceEntity): Promise<void> {
    await tx.getRepository(EvidenceEntity).update(
      { id: item.id },
      { retracted: true, retractedReason: item.retractedReason, retractedBy: item.retractedBy, retractedAt: item.retractedAt },
    );
  }
}
