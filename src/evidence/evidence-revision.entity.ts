import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

export const EVIDENCE_KINDS = [
  'official_action',
  'legislation',
  'court_record',
  'ngo_report',
  'ombudsman_recommendation',
  'statistics',
  'media',
  'testimony',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const STANCES = ['supports', 'contradicts', 'context'] as const;
export type Stance = (typeof STANCES)[number];
export const RELIABILITY_GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type ReliabilityGrade = (typeof RELIABILITY_GRADES)[number];

@Entity('evidence_revisions')
@Unique('uq_evidence_revision', ['evidenceId', 'revision'])
export class EvidenceRevisionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'evidence_id', type: 'varchar', length: 36 })
  evidenceId: string;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ type: 'varchar', length: 32 })
  kind: EvidenceKind;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ name: 'source_date', type: 'varchar', length: 10 })
  sourceDate: string;

  @Column({ name: 'period_start', type: 'varchar', length: 10 })
  periodStart: string;

  @Column({ name: 'period_end', type: 'varchar', length: 10 })
  periodEnd: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  url: string | null;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'varchar', length: 16 })
  stance: Stance;

  @Column({ type: 'varchar', length: 1 })
  reliability: ReliabilityGrade;

  @Column({ type: 'integer' })
  credibility: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sensitivity: string | null;

  /** SHA-256 of the revision's canonical content; documents cite the revisions they were built from by this hash. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;
}
