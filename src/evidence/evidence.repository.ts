import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, MoreThan, Repository } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { EvidenceEntity } from './evidence.entity';
import { EvidenceRevisionEntity } from './evidence-revision.entity';

export interface EvidenceFilter {
  stance?: string;
  reliability?: string;
}

const REVISION_COLUMNS =
  'r.id AS r_id, r.revision AS r_revision, r.kind AS r_kind, r.title AS r_title, r.source AS r_source, r.source_date AS r_source_date, ' +
  'r.period_start AS r_period_start, r.period_end AS r_period_end, r.url AS r_url, r.summary AS r_summary, r.stance AS r_stance, ' +
  'r.reliability AS r_reliability, r.credibility AS r_credibility, r.sensitivity AS r_sensitivity, r.content_hash AS r_content_hash, ' +
  'r.created_by AS r_created_by, r.created_at AS r_created_at';
const ITEM_COLUMNS =
  'e.id AS e_id, e.case_id AS e_case_id, e.current_revision AS e_current_revision, e.retracted AS e_retracted, e.retracted_reason AS e_retracted_reason, ' +
  'e.retracted_by AS e_retracted_by, e.retracted_at AS e_retracted_at, e.created_by AS e_created_by, e.created_at AS e_created_at';

// Rows per query when documents read a case's evidence.
const CURRENT_BATCH = 1000;

function fromJoinedRow(row: Record<string, unknown>): [EvidenceEntity, EvidenceRevisionEntity] {
  const item = Object.assign(new EvidenceEntity(), {
    id: row.e_id, caseId: row.e_case_id, currentRevision: Number(row.e_current_revision), retracted: row.e_retracted === true || row.e_retracted === 1,
    retractedReason: row.e_retracted_reason, retractedBy: row.e_retracted_by, retractedAt: row.e_retracted_at, createdBy: row.e_created_by, createdAt: row.e_created_at,
  });
  const revision = Object.assign(new EvidenceRevisionEntity(), {
    id: row.r_id, evidenceId: row.e_id, revision: Number(row.r_revision), kind: row.r_kind, title: row.r_title, source: row.r_source, sourceDate: row.r_source_date,
    periodStart: row.r_period_start, periodEnd: row.r_period_end, url: row.r_url, summary: row.r_summary, stance: row.r_stance, reliability: row.r_reliability,
    credibility: Number(row.r_credibility), sensitivity: row.r_sensitivity, contentHash: row.r_content_hash, createdBy: row.r_created_by, createdAt: row.r_created_at,
  });
  return [item, revision];
}

@Injectable()
export class EvidenceRepository {
  constructor(
    @InjectRepository(EvidenceEntity) private readonly items: Repository<EvidenceEntity>,
    @InjectRepository(EvidenceRevisionEntity) private readonly revisions: Repository<EvidenceRevisionEntity>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * One page of a case's items with their current revisions, oldest first, filtered on the
   * current revision's stance and reliability. Plain SQL over (case_id, created_at, id), so a
   * page costs the same at 50 items or 10,000.
   */
  async pageCurrent(caseId: string, filter: EvidenceFilter, limit: number, offset: number): Promise<Array<[EvidenceEntity, EvidenceRevisionEntity]>> {
    const p = (n: number) => this.unitOfWork.param(n);
    const { where, params } = this.filtered(caseId, filter);
    // The page's ids come from an evidence index alone ((case_id, created_at, id), or with the
    // stance or reliability first); only those rows are joined with their revisions, not every
    // row the offset skips.
    const rows = (await this.items.manager.query(
      `SELECT ${ITEM_COLUMNS}, ${REVISION_COLUMNS} FROM (SELECT id FROM evidence WHERE ${where} ORDER BY created_at ASC, id ASC LIMIT ${p(params.length + 1)} OFFSET ${p(params.length + 2)}) page ` +
        'JOIN evidence e ON e.id = page.id JOIN evidence_revisions r ON r.evidence_id = e.id AND r.revision = e.current_revision ORDER BY e.created_at ASC, e.id ASC',
      [...params, limit, offset],
    )) as Array<Record<string, unknown>>;
    return rows.map(fromJoinedRow);
  }

  /** Items of a case grouped by their current stance and reliability, and whether retracted: from the listing index alone. */
  async tally(caseId: string): Promise<Array<{ stance: string; reliability: string; retracted: boolean; n: number }>> {
    const rows = (await this.items.manager.query(
      'SELECT current_stance AS stance, current_reliability AS reliability, retracted, COUNT(*) AS n FROM evidence ' +
        `WHERE case_id = ${this.unitOfWork.param(1)} GROUP BY current_stance, current_reliability, retracted`,
      [caseId],
    )) as Array<Record<string, unknown>>;
    return rows.map((row) => ({ stance: String(row.stance), reliability: String(row.reliability), retracted: row.retracted === true || row.retracted === 1, n: Number(row.n) }));
  }

  private filtered(caseId: string, filter: EvidenceFilter): { where: string; params: unknown[] } {
    const params: unknown[] = [caseId];
    const clauses = [`case_id = ${this.unitOfWork.param(1)}`];
    for (const [column, value] of [['current_stance', filter.stance], ['current_reliability', filter.reliability]] as const) {
      if (value === undefined) continue;
      params.push(value);
      clauses.push(`${column} = ${this.unitOfWork.param(params.length)}`);
    }
    return { where: clauses.join(' AND '), params };
  }

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
    const manager = options.tx ?? this.items.manager;
    const p = (n: number) => this.unitOfWork.param(n);
    const found: Array<[EvidenceEntity, EvidenceRevisionEntity]> = [];
    // Per case, in keyset batches over (case_id, id): every query reads a bounded number of rows.
    for (const caseId of caseIds) {
      let after = '';
      for (;;) {
        const rows = (await manager.query(
          `SELECT ${ITEM_COLUMNS}, ${REVISION_COLUMNS} FROM evidence e JOIN evidence_revisions r ON r.evidence_id = e.id AND r.revision = e.current_revision ` +
            `WHERE e.case_id = ${p(1)} AND e.id > ${p(2)}${options.liveOnly ? ' AND NOT e.retracted' : ''} ORDER BY e.id ASC LIMIT ${p(3)}`,
          [caseId, after, CURRENT_BATCH],
        )) as Array<Record<string, unknown>>;
        for (const row of rows) found.push(fromJoinedRow(row));
        if (rows.length < CURRENT_BATCH) break;
        after = String(rows[rows.length - 1].e_id);
      }
    }
    return found.sort(([a], [b]) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
    item.currentStance = revision.stance;
    item.currentReliability = revision.reliability;
    await tx.getRepository(EvidenceEntity).insert(item);
    await tx.getRepository(EvidenceRevisionEntity).insert(revision);
  }

  async insertRevision(tx: EntityManager, item: EvidenceEntity, revision: EvidenceRevisionEntity): Promise<void> {
    await tx.getRepository(EvidenceRevisionEntity).insert(revision);
    await tx.getRepository(EvidenceEntity).update({ id: item.id }, { currentRevision: revision.revision, currentStance: revision.stance, currentReliability: revision.reliability });
  }

  async markRetracted(tx: EntityManager, item: EvidenceEntity): Promise<void> {
    await tx.getRepository(EvidenceEntity).update(
      { id: item.id },
      { retracted: true, retractedReason: item.retractedReason, retractedBy: item.retractedBy, retractedAt: item.retractedAt },
    );
  }
}
