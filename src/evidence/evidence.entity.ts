import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An evidence item; its content lives in immutable revisions, never overwritten or deleted. */
@Entity('evidence')
export class EvidenceEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 160 })
  caseId: string;

  @Column({ name: 'current_revision', type: 'integer' })
  currentRevision: number;

  @Column({ type: 'boolean', default: false })
  retracted: boolean;

  @Column({ name: 'retracted_reason', type: 'text', nullable: true })
  retractedReason: string | null;

  @Column({ name: 'retracted_by', type: 'varchar', length: 64, nullable: true })
  retractedBy: string | null;

  @Column({ name: 'retracted_at', type: 'varchar', length: 32, nullable: true })
  retractedAt: string | null;

  // The current revision's stance and reliability, copied for the case's counts and filters (see the EvidenceListing migration).
  @Column({ name: 'current_stance', type: 'varchar', length: 16, nullable: true })
  currentStance: string | null;

  @Column({ name: 'current_reliability', type: 'varchar', length: 1, nullable: true })
  currentReliability: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;
}
