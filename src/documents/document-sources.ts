import { canonicalJson, sha256Hex } from '../common/canonical-json';
import type { ApprovedFinding, FindingRating } from '../cases/case-machine';
import type { EvidenceRevisionEntity } from '../evidence/evidence-revision.entity';
import type { Criterion, Recipient, Statute, Tranche } from '../statutes/statute-catalog';
import type { DocumentInputs } from './document.entity';

// Everything a memo or report is built from, as plain data: view builders and the
// benchmark use it without a database.

export type SourceEvidence = Pick<
  EvidenceRevisionEntity,
  'evidenceId' | 'revision' | 'kind' | 'title' | 'source' | 'sourceDate' | 'periodStart' | 'periodEnd' | 'url' | 'stance' | 'reliability' | 'credibility' | 'sensitivity' | 'contentHash'
>;

export interface SourceCase {
  id: string;
  criterionCode: string;
  state: string;
  version: number;
  finding: ApprovedFinding | null;
  proposedRating: FindingRating | null;
  criterion: Criterion;
  /** Live evidence only, at its current revision, in citation order (source date, title, id). */
  evidence: SourceEvidence[];
}

export interface DocumentSources {
  cycle: {
    id: string;
    fiscalYear: number;
    appropriatedCents: number;
    withheldBasisPoints: number;
    withheldCents: number;
    obligationDeadline: string;
  };
  /** The pinned statute version's text. */
  statute: Statute;
  /** The tranche the document is about, as the pinned statute defines it. */
  tranche: Tranche;
  /** How the statute names the recipient ("the Government of Honduras"). */
  recipient: Recipient;
  /** The tranche's decision, if taken (a waiver decides which document it gets). */
  decision: { type: string; comment: string | null } | null;
  cases: SourceCase[];
  /** SUBMIT_FOR_REVIEW and APPROVE rows of the cycle's cases, oldest first. */
  history: Array<{ caseId: string | null; event: string; actor: string; at: string }>;
  /** username -> display name */
  people: Record<string, string>;
  /** Year over year: per case id, how its wording differs from the previous year's act; later acts' changes to these funds' conditions. */
  yearOverYear?: {
    changes: Record<string, string | null>;
    amendments: Array<{ citation: string; effect: string; textStatus: string }>;
  };
}

/** The inputs a document records: each case's version and approved finding, and every live evidence revision's hash. */
export function documentInputs(sources: DocumentSources): DocumentInputs {
  return {
    cycleId: sources.cycle.id,
    tranche: sources.tranche.code,
    cases: sources.cases.map((c) => ({
      caseId: c.id,
      version: c.version,
      state: c.state,
      finding: c.finding ? { rating: c.finding.rating, approvedBy: c.finding.approvedBy, approvedAt: c.finding.approvedAt } : null,
      evidence: c.evidence.map((e) => ({ evidenceId: e.evidenceId, revision: e.revision, contentHash: e.contentHash })),
    })),
  };
}

export function inputsHash(inputs: DocumentInputs): string {
  return sha256Hex(canonicalJson(inputs));
}
