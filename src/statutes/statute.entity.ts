import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The catalog as loaded into the database, so that cycles reference a durable copy of the text they were assessed against. */
@Entity('statutes')
export class StatuteEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ name: 'loaded_at', type: 'varchar', length: 32 })
  loadedAt: string;
}
