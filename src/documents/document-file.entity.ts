import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A file derived from a stored document (its PDF), rendered once; written once, never updated. */
@Entity('document_files')
export class DocumentFileEntity {
  @PrimaryColumn({ name: 'document_id', type: 'varchar', length: 36 })
  documentId: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  format: string;

  /** SHA-256 of the file's bytes. */
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'integer' })
  size: number;

  /** The bytes, base64. */
  @Column({ type: 'text' })
  content: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;
}
