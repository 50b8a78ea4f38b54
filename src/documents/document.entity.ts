import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { jsonText } from '../database/column-transformers';

export const DOCUMENT_KINDS = ['decision_memo', 'report'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export type DocumentStatus = 'draft' | 'final';

/** What a document was built from: enough to tell, later, whether anything changed since. */
export interface DocumentInputs {
  cycleId: string;
  /** Absent in documents stored before catalog v2 (single tranche). */
  tranche?: string;
  cases: Array<{
    caseId: string;
    version: number;
    state: string;
    finding: { rating: string; approvedBy: string; approvedAt: string } | null;
    evidence: Array<{ evidenceId: string; revision: number; contentHash: string }>;
  }>;
}

/** A rendered memo or report; written once, never updated. */
@Entity('documents')
@Unique('uq_documents_cycle_kind_number', ['cycleId', 'kind', 'number'])
export class DocumentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'cycle_id', type: 'varchar', length: 64 })
  cycleId: string;

  @Column({ name: 'tranche_code', type: 'varchar', length: 16 })
  trancheCode: string;

  @Column({ type: 'varchar', length: 16 })
  kind: DocumentKind;

  /** 1, 2, ... per cycle and kind, assigned under the cycle's row lock. */
  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'varchar', length: 8 })
  status: DocumentStatus;

  @Column({ name: 'template_version', type: 'varchar', length: 64 })
  templateVersion: string;

  /** SHA-256 of the rendered content (HTML and Markdown, canonical JSON). */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ type: 'text', transformer: jsonText })
  inputs: DocumentInputs;

  @Column({ name: 'inputs_hash', type: 'varchar', length: 64 })
  inputsHash: string;

  @Column({ type: 'text' })
  html: string;

  @Column({ type: 'text' })
  markdown: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  /** The signed journal checkpoint current when the document was rendered (null for documents stored before there were checkpoints). */
  @Column({ type: 'text', nullable: true })
  checkpoint: string | null;
}

/** SHA-256 of a document's rendered content: journalled when stored, recomputed by reconciliation. */
export function documentContentHash(html: string, markdown: string): string {
  return sha256Hex(canonicalJson({ html, markdown }));
}
