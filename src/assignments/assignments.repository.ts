import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';

export interface Assignment {
  caseId: string;
  cycleId: string;
  analyst: string;
  reviewer: string;
  dueDate: string;
  assignedBy: string;
  assignedAt: string;
}

interface AssignmentRow {
  case_id: string;
  cycle_id: string;
  analyst: string;
  reviewer: string;
  due_date: string;
  assigned_by: string;
  assigned_at: string;
}

const COLUMNS = 'case_id, cycle_id, analyst, reviewer, due_date, assigned_by, assigned_at';

function fromRow(row: AssignmentRow): Assignment {
  return {
    caseId: row.case_id, cycleId: row.cycle_id, analyst: row.analyst, reviewer: row.reviewer,
    dueDate: row.due_date, assignedBy: row.assigned_by, assignedAt: row.assigned_at,
  };
}

/** The `case_assignments` table: who gathers and who reviews each case, and by when. */
@Injectable()
export class AssignmentsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  private p(n: number): string {
    return this.unitOfWork.param(n);
  }

  async forCase(caseId: string, tx?: EntityManager): Promise<Assignment | null> {
    const rows: AssignmentRow[] = await (tx ?? this.dataSource.manager).query(`SELECT ${COLUMNS} FROM case_assignments WHERE case_id = ${this.p(1)}`, [caseId]);
    return rows.length ? fromRow(rows[0]) : null;
  }

  async forCycle(cycleId: string, tx?: EntityManager): Promise<Assignment[]> {
    const rows: AssignmentRow[] = await (tx ?? this.dataSource.manager).query(`SELECT ${COLUMNS} FROM case_assignments WHERE cycle_id = ${this.p(1)}`, [cycleId]);
    return rows.map(fromRow);
  }

  /** Every assignment naming this person as analyst or reviewer. */
  async forPerson(username: string): Promise<Assignment[]> {
    const rows: AssignmentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM case_assignments WHERE analyst = ${this.p(1)} OR reviewer = ${this.p(2)} ORDER BY due_date, case_id`,
      [username, username],
    );
    return rows.map(fromRow);
  }

  async all(): Promise<Assignment[]> {
    const rows: AssignmentRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM case_assignments ORDER BY due_date, case_id`);
    return rows.map(fromRow);
  }

  async upsert(tx: EntityManager, a: Assignment): Promise<void> {
    await tx.query(`DELETE FROM case_assignments WHERE case_id = ${this.p(1)}`, [a.caseId]);
    await tx.query(
      `INSERT INTO case_assignments (${COLUMNS}) VALUES (${[1, 2, 3, 4, 5, 6, 7].map((n) => this.p(n)).join(', ')})`,
      [a.caseId, a.cycleId, a.analyst, a.reviewer, a.dueDate, a.assignedBy, a.assignedAt],
    );
  }
}
