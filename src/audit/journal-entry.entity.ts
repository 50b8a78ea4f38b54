import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, jsonText } from '../database/column-transformers';

export type JournalEntityType = 'case' | 'cycle' | 'evidence' | 'user' | 'document' | 'statute';

/** One append-only row of the history; every change of any record writes exactly one. */
@Entity('journal')
export class JournalEntryEntity {
  /** One global, gapless sequence assigned under the write serialisation. */
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  seq: number;

  @Column({ type: 'varchar', length: 32 })
  at: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 16 })
  entityType: JournalEntityType;

  @Column({ name: 'entity_id', type: 'varchar', length: 160 })
  entityId: string;

  @Column({ name: 'cycle_id', type: 'varchar', length: 64, nullable: true })
  cycleId: string | null;

  @Column({ name: 'case_id', type: 'varchar', length: 160, nullable: true })
  caseId: string | null;

  @Column({ type: 'varchar', length: 48 })
  event: string;

  @Column({ name: 'from_state', type: 'varchar', length: 32, nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'varchar', length: 32, nullable: true })
  toState: string | null;

  @Column({ type: 'varchar', length: 64 })
  actor: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'text', transformer: jsonText })
  payload: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}

/** The chain's head: last sequence number and hash, locked by every writer. */
@Entity('journal_head')
export class JournalHeadEntity {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  seq: number;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
