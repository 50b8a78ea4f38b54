import type { Criterion } from '../statutes/statute-catalog';
import type { ApprovedFinding, ProposedFinding } from './case-machine';
import type { CaseEntity } from './case.entity';

export interface CaseView {
  id: string;
  cycleId: string;
  tranche: string;
  statuteVersion: string;
  criterion: { code: string; family: string; title: string; text: string; textStatus: string; citation: string };
  state: string;
  version: number;
  proposedFinding: ProposedFinding | null;
  finding: ApprovedFinding | null;
  submittedBy: string | null;
  allowedEvents: string[];
  /** Whether this user may add or revise evidence and edit the proposed finding now. */
  canEdit: boolean;
  updatedAt: string;
}

export function toCaseView(record: CaseEntity, criterion: Criterion, allowedEvents: string[], canEdit: boolean): CaseView {
  return {
    id: record.id,
    cycleId: record.cycleId,
    tranche: record.trancheCode,
    statuteVersion: record.statuteVersion,
    criterion: { code: criterion.code, family: criterion.family, title: criterion.title, text: criterion.text, textStatus: criterion.textStatus, citation: criterion.citation },
    state: record.state,
    version: record.version,
    proposedFinding: record.proposedRating
      ? { rating: record.proposedRating, rationale: record.proposedRationale ?? '', narrative: record.proposedNarrative ?? '' }
      : null,
    finding: record.finding,
    submittedBy: record.submittedBy,
    allowedEvents,
    canEdit,
    updatedAt: record.updatedAt,
  };
}
