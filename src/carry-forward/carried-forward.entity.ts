import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** `case` marks the case itself as carried forward (with or without copies); it comes last. */
export type CarriedItem = 'case' | 'evidence' | 'finding';

/** One thing a case took over from the same family's case in the recipient's previous cycle. */
@Entity('carried_forward')
@Unique('uq_carried_forward_source', ['caseId', 'sourceKey'])
export class CarriedForwardEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'cycle_id', type: 'varchar', length: 64 })
  cycleId: string;

  @Column({ name: 'case_id', type: 'varchar', length: 160 })
  caseId: string;

  @Column({ name: 'source_case_id', type: 'varchar', length: 160 })
  sourceCaseId: string;

  @Column({ name: 'source_key', type: 'varchar', length: 64 })
  sourceKey: string;

  @Column({ type: 'varchar', length: 16 })
  item: CarriedItem;

  @Column({ name: 'source_evidence_id', type: 'varchar', length: 36, nullable: true })
  sourceEvidenceId: string | null;

  @Column({ name: 'source_revision', type: 'integer', nullable: true })
  sourceRevision: number | null;

  @Column({ name: 'source_content_hash', type: 'varchar', length: 64, nullable: true })
  sourceContentHash: string | null;

  @Column({ name: 'evidence_id', type: 'varchar', length: 36, nullable: true })
  evidenceId: string | null;

  @Column({ name: 'text_unchanged', type: 'boolean' })
  textUnchanged: boolean;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;
}
