import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Every version of a provision the desk has loaded, kept forever: cycles are pinned to one of them. */
@Entity('statute_versions')
export class StatuteVersionEntity {
  @PrimaryColumn({ name: 'statute_id', type: 'varchar', length: 64 })
  statuteId: string;

  /** SHA-256 (hex) of the canonical JSON content. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  version: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ name: 'loaded_at', type: 'varchar', length: 32 })
  loadedAt: string;
}
