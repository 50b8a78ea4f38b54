import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, MoreThan, Repository } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { CaseEntity } from './case.entity';

const CASE_COLUMNS =
  'id, cycle_id, criterion_code, tranche_code, statute_version, state, snapshot, version, proposed_rating, proposed_rationale, proposed_narrative, finding, submitted_by, updated_at';

interface CaseRow {
  id: string;
  cycle_id: string;
  criterion_code: string;
  tranche_code: string;
  statute_version: string;
  state: string;
  snapshot: string;
  version: number | string;
  proposed_rating: CaseEntity['proposedRating'];
  proposed_rationale: string | null;
  proposed_narrative: string | null;
  finding: string | null;
  submitted_by: string | null;
  updated_at: string;
}

function caseFromRow(row: CaseRow): CaseEntity {
  return Object.assign(new CaseEntity(), {
    id: row.id,
    cycleId: row.cycle_id,
    criterionCode: row.criterion_code,
    trancheCode: row.tranche_code,
    statuteVersion: row.statute_version,
    state: row.state,
    snapshot: JSON.parse(row.snapshot),
    version: Number(row.version),
    proposedRating: row.proposed_rating,
    proposedRationale: row.proposed_rationale,
    proposedNarrative: row.proposed_narrative,
    finding: row.finding === null ? null : JSON.parse(row.finding),
    submittedBy: row.submitted_by,
    updatedAt: row.updated_at,
  });
}

/**
 * Queries only; the write path lives in CaseWriter. The reads and writes on that path
 * are plain SQL: TypeORM's query builder cost more CPU than SQLite itself there.
 */
@Injectable()
export class CasesRepository {
  constructor(
    @InjectRepository(CaseEntity) private readonly cases: Repository<CaseEntity>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async findById(id: string): Promise<CaseEntity | null> {
    const rows: CaseRow[] = await this.cases.manager.query(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ${this.unitOfWork.param(1)}`, [id]);
    return rows.length ? caseFromRow(rows[0]) : null;
  }

  /** Cases in id order after `afterId`: reconciliation reads the whole table in bounded batches. */
  pageAfter(afterId: string, limit: number): Promise<CaseEntity[]> {
    return this.cases.find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
  }

  byIds(ids: string[]): Promise<CaseEntity[]> {
    return ids.length ? this.cases.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  listByCycle(cycleId: string, tx?: EntityManager): Promise<CaseEntity[]> {
    return (tx ? tx.getRepository(CaseEntity) : this.cases).find({ where: { cycleId }, order: { criterionCode: 'ASC' } });
  }

  /** A cycle's case rows in criterion order, locked for the rest of the transaction on PostgreSQL. */
  async lockByCycle(tx: EntityManager, cycleId: string): Promise<CaseEntity[]> {
    const rows: CaseRow[] = await tx.query(
      `SELECT ${CASE_COLUMNS} FROM cases WHERE cycle_id = ${this.unitOfWork.param(1)} ORDER BY criterion_code ASC${this.unitOfWork.forUpdate}`,
      [cycleId],
    );
    return rows.map(caseFromRow);
  }

  /** The case row, locked for the rest of the transaction on PostgreSQL. */
  async findForUpdate(tx: EntityManager, id: string): Promise<CaseEntity | null> {
    const rows: CaseRow[] = await tx.query(`SELECT ${CASE_COLUMNS} FROM cases WHERE id = ${this.unitOfWork.param(1)}${this.unitOfWork.forUpdate}`, [id]);
    return rows.length ? caseFromRow(rows[0]) : null;
  }

  async countLiveEvidence(tx: EntityManager, caseId: string): Promise<number> {
    const [row] = await tx.query(`SELECT COUNT(*) AS n FROM evidence WHERE case_id = ${this.unitOfWork.param(1)} AND NOT retracted`, [caseId]);
    return Number(row.n);
  }

  /** Records that `username` wrote the live item `evidenceId` in the case's current round (once). */
  async addRoundAuthor(tx: EntityManager, caseId: string, username: string, evidenceId: string): Promise<void> {
    const p = (n: number) => this.unitOfWork.param(n);
    await tx.query(`INSERT INTO case_round_authors (case_id, username, evidence_id) VALUES (${p(1)}, ${p(2)}, ${p(3)}) ON CONFLICT DO NOTHING`, [caseId, username, evidenceId]);
  }

  /**
   * Which of `writers` (the round's evidence writers) wrote a live item other than `evidenceId`:
   * one key lookup each, so a retraction costs the same however many items the round holds.
   */
  async roundWritersOfOtherItems(tx: EntityManager, caseId: string, writers: readonly string[], evidenceId: string): Promise<string[]> {
    const p = (n: number) => this.unitOfWork.param(n);
    const still: string[] = [];
    for (const username of writers) {
      const rows: unknown[] = await tx.query(
        `SELECT 1 AS found FROM case_round_authors WHERE case_id = ${p(1)} AND username = ${p(2)} AND evidence_id <> ${p(3)} LIMIT 1`,
        [caseId, username, evidenceId],
      );
      if (rows.length) still.push(username);
    }
    return still;
  }

  /** A retracted item no longer makes its writers authors of the round. */
  async forgetRoundItem(tx: EntityManager, caseId: string, writers: readonly string[], evidenceId: string): Promise<void> {
    if (!writers.length) return;
    const p = (n: number) => this.unitOfWork.param(n);
    await tx.query(`DELETE FROM case_round_authors WHERE case_id = ${p(1)} AND evidence_id = ${p(2)} AND username IN (${writers.map((_, i) => p(i + 3)).join(', ')})`, [
      caseId,
      evidenceId,
      ...writers,
    ]);
  }

  /** A new round: earlier evidence work no longer makes an author. */
  async clearRoundAuthors(tx: EntityManager, caseId: string): Promise<void> {
    await tx.query(`DELETE FROM case_round_authors WHERE case_id = ${this.unitOfWork.param(1)}`, [caseId]);
  }

  /** Writes the new state only if nobody changed the row since it was read; false otherwise. */
  async saveIfVersion(tx: EntityManager, record: CaseEntity, expectedVersion: number): Promise<boolean> {
    const p = (n: number) => this.unitOfWork.param(n);
    const result = await tx.queryRunner!.query(
      `UPDATE cases SET state = ${p(1)}, snapshot = ${p(2)}, version = ${p(3)}, proposed_rating = ${p(4)}, proposed_rationale = ${p(5)}, ` +
        `proposed_narrative = ${p(6)}, finding = ${p(7)}, submitted_by = ${p(8)}, updated_at = ${p(9)}, statute_version = ${p(10)} WHERE id = ${p(11)} AND version = ${p(12)}`,
      [
        record.state,
        JSON.stringify(record.snapshot),
        record.version,
        record.proposedRating,
        record.proposedRationale,
        record.proposedNarrative,
        record.finding === null ? null : JSON.stringify(record.finding),
        record.submittedBy,
        record.updatedAt,
        record.statuteVersion,
        record.id,
        expectedVersion,
      ],
      true,
    );
    return result.affected === 1;
  }

  insert(tx: EntityManager, records: CaseEntity[]): Promise<unknown> {
    return tx.getRepository(CaseEntity).insert(records as never);
  }
}
