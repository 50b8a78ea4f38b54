import type { JournalInput } from '../audit/journal.service';
import type { NotificationKind } from './notifications.repository';

// Which journal events tell whom what: a pure table, so the writers stay one call.

export interface NoticeDraft {
  kind: NotificationKind;
  subject: string;
  link: string;
  /** Who is told: the named roles on the record, resolved by the service. */
  to: Array<'assignedAnalyst' | 'assignedReviewer' | 'submitter' | 'reviewers' | 'managers' | 'cycleAssignees'>;
}

const caseLink = (id: string) => `/cases/${encodeURIComponent(id)}`;
const cycleLink = (id: string) => `/cycles/${encodeURIComponent(id)}`;

const DECISION_WORDS: Record<string, string> = {
  DECIDE_RELEASE: 'release of the funds',
  DECIDE_WITHHOLD: 'continued withholding',
  DECIDE_WAIVE: 'a waiver',
  DECIDE_REPROGRAM: 'reprogramming of the funds',
};

export function draftFor(row: JournalInput): NoticeDraft | null {
  const id = row.entityId;
  if (row.entityType === 'case') {
    switch (row.event) {
      case 'ASSIGN_CASE':
        return { kind: 'assignment', subject: `${id} was assigned to you`, link: caseLink(id), to: ['assignedAnalyst', 'assignedReviewer'] };
      case 'SUBMIT_FOR_REVIEW':
        return { kind: 'submission', subject: `${id} was submitted for your review`, link: caseLink(id), to: ['assignedReviewer', 'reviewers'] };
      case 'REQUEST_CHANGES':
        return { kind: 'return', subject: `${id} was returned with changes requested`, link: caseLink(id), to: ['assignedAnalyst', 'submitter'] };
      case 'APPROVE':
        return { kind: 'approval', subject: `${id} was approved`, link: caseLink(id), to: ['assignedAnalyst', 'submitter'] };
      default:
        return null;
    }
  }
  if (row.entityType === 'cycle') {
    if (row.event === 'PREPARE_MEMO') return { kind: 'memo_ready', subject: `The decision memo for ${id} is ready for a decision`, link: cycleLink(id), to: ['managers'] };
    if (DECISION_WORDS[row.event]) {
      return { kind: 'decision', subject: `${id}: decision recorded, ${DECISION_WORDS[row.event]}`, link: cycleLink(id), to: ['managers', 'cycleAssignees'] };
    }
  }
  return null;
}

/** Kinds that are mailed at once; the rest wait for the daily digest. */
export const IMMEDIATE_KINDS: readonly NotificationKind[] = ['return', 'decision'];
