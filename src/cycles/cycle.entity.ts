import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** One provision applied to one fiscal year's funds for one recipient; its money and decisions live in its tranches. */
@Entity('cycles')
@Unique('uq_cycles_statute_year_recipient', ['statuteId', 'fiscalYear', 'recipient'])
export class CycleEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'statute_id', type: 'varchar', length: 64 })
  statuteId: string;

  /** The catalog version (SHA-256 of its canonical content) the cycle is pinned to. */
  @Column({ name: 'statute_version', type: 'varchar', length: 64 })
  statuteVersion: string;

  /** Recipient code as in the statute's `recipients` (e.g. HN). */
  @Column({ type: 'varchar', length: 3 })
  recipient: string;

  @Column({ name: 'fiscal_year', type: 'integer' })
  fiscalYear: number;

  @Column({ name: 'obligation_deadline', type: 'varchar', length: 10 })
  obligationDeadline: string;

  /** Bumped by every change of the cycle or any of its tranches: the unit of optimistic locking. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
