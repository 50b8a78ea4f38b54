import { caseRules } from '../cases/case-machine';
import { trancheRules } from '../cycles/tranche-machine';
import type { Check } from '../workflow/machine-runtime';

// Words for the codes the services return. The rules themselves (who may, what is required)
// stay in the machines: whether an event needs a comment is read from its rule list.

export interface StateLabel {
  code: string;
  label: string;
  /** A symbol shown beside the colour, so that colour is never the only signal. */
  mark: string;
}

const STATE_LABELS: Record<string, { label: string; mark: string }> = {
  evidenceGathering: { label: 'Evidence gathering', mark: '○' },
  inReview: { label: 'In review', mark: '◐' },
  approved: { label: 'Approved', mark: '✓' },
  reported: { label: 'Reported', mark: '■' },
  assessing: { label: 'Assessing', mark: '○' },
  memoDrafted: { label: 'Memo drafted', mark: '◐' },
  releaseApproved: { label: 'Release approved', mark: '✓' },
  withheld: { label: 'Withheld', mark: '⏸' },
  reprogrammed: { label: 'Reprogrammed', mark: '→' },
  waived: { label: 'Waived', mark: '✓' },
  mixed: { label: 'Tranches at different stages', mark: '◑' },
  reportTransmitted: { label: 'Report transmitted', mark: '■' },
};

export function stateLabel(code: string | null): StateLabel {
  if (!code) return { code: 'none', label: '—', mark: '' };
  const known = STATE_LABELS[code];
  return { code, label: known?.label ?? code, mark: known?.mark ?? '' };
}

export const EVENT_LABELS: Record<string, string> = {
  SUBMIT_FOR_REVIEW: 'Submit for review',
  APPROVE: 'Approve',
  REQUEST_CHANGES: 'Request changes',
  WITHDRAW: 'Withdraw',
  REOPEN: 'Reopen',
  PREPARE_MEMO: 'Prepare decision memo',
  RETURN_TO_ASSESSMENT: 'Return to assessment',
  DECIDE_RELEASE: 'Decide: release the funds',
  DECIDE_WITHHOLD: 'Decide: continue to withhold',
  DECIDE_REPROGRAM: 'Decide: reprogram the funds',
  TRANSMIT_REPORT: 'Transmit report to Congress',
  RESUME_ASSESSMENT: 'Resume assessment',
};

/** Past-tense words for the journal's events, for timelines. */
const HISTORY_LABELS: Record<string, string> = {
  OPEN_CYCLE: 'Cycle opened',
  OPEN_CASE: 'Case opened',
  ADD_EVIDENCE: 'Evidence added',
  REVISE_EVIDENCE: 'Evidence revised',
  RETRACT_EVIDENCE: 'Evidence retracted',
  PROPOSE_FINDING: 'Proposed finding saved',
  SUBMIT_FOR_REVIEW: 'Submitted for review',
  APPROVE: 'Approved',
  REQUEST_CHANGES: 'Changes requested',
  WITHDRAW: 'Withdrawn from review',
  REOPEN: 'Reopened',
  MARK_REPORTED: 'Marked reported',
  PREPARE_MEMO: 'Decision memo prepared',
  RETURN_TO_ASSESSMENT: 'Returned to assessment',
  DECIDE_RELEASE: 'Decided: release',
  DECIDE_WITHHOLD: 'Decided: withhold',
  DECIDE_REPROGRAM: 'Decided: reprogram',
  TRANSMIT_REPORT: 'Report transmitted',
  RESUME_ASSESSMENT: 'Assessment resumed',
  USER_CREATED: 'User created',
  USER_ROLES_CHANGED: 'User roles changed',
  USER_DEACTIVATED: 'User deactivated',
};

/** Every event the journal records, for the audit page's event list. */
export function journalEvents(): Array<{ value: string; label: string }> {
  return Object.entries(HISTORY_LABELS).map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
}

export function historyLabel(event: string): string {
  return HISTORY_LABELS[event] ?? event;
}

export const RATING_LABELS: Record<string, string> = { met: 'Met', partially_met: 'Partially met', not_met: 'Not met' };

export const KIND_LABELS: Record<string, string> = {
  official_action: 'Official action',
  legislation: 'Legislation',
  court_record: 'Court record',
  ngo_report: 'NGO report',
  ombudsman_recommendation: 'Ombudsman recommendation',
  statistics: 'Statistics',
  media: 'Media',
  testimony: 'Testimony',
  other: 'Other',
};

export const STANCE_LABELS: Record<string, string> = { supports: 'Supports', contradicts: 'Contradicts', context: 'Context' };

/** Admiralty grading, as printed on intelligence reports. */
export const RELIABILITY_LABELS: Record<string, string> = {
  A: 'Completely reliable',
  B: 'Usually reliable',
  C: 'Fairly reliable',
  D: 'Not usually reliable',
  E: 'Unreliable',
  F: 'Reliability cannot be judged',
};
export const CREDIBILITY_LABELS: Record<string, string> = {
  '1': 'Confirmed by other sources',
  '2': 'Probably true',
  '3': 'Possibly true',
  '4': 'Doubtful',
  '5': 'Improbable',
  '6': 'Truth cannot be judged',
};

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export function options(labels: Record<string, string>, selected: string | null | undefined, withCode = false): Option[] {
  return Object.entries(labels).map(([value, label]) => ({ value, label: withCode ? `${value}: ${label}` : label, selected: value === selected }));
}

function codesOf(checks: ReadonlyArray<Check<unknown, never>> | undefined): string[] {
  return (checks ?? []).map((check) => check.code);
}

/** The request fields an event's rules require, read from the machines' rule tables. */
export function requiredFieldsOf(type: string): { comment: boolean; destination: boolean; amount: boolean } {
  const codes = codesOf(((caseRules as unknown as Record<string, unknown>)[type] ?? (trancheRules as unknown as Record<string, unknown>)[type]) as never);
  return {
    comment: codes.includes('COMMENT_REQUIRED'),
    destination: codes.includes('DESTINATION_REQUIRED'),
    amount: codes.includes('AMOUNT_REQUIRED'),
  };
}
