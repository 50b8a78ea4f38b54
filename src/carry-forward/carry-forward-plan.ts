import { addMonths, isCalendarDate } from '../common/calendar-date';
import { wordDiff, WordDiff } from '../common/word-diff';

// What a new cycle may take over from the recipient's previous cycle, worked out without
// I/O: the service gathers the cases and evidence, this decides what is offered.

export interface AssessmentWindow {
  start: string;
  end: string;
}

/**
 * The window whose evidence counts for a cycle: from the first day of its fiscal year to the
 * end of the funds' availability. Where the statute looks back ("in the previous 12 months"),
 * a certification made on the first day of the fiscal year already looks that far back.
 */
export function assessmentWindow(fiscalYear: number, obligationDeadline: string, lookBackMonths: number | null): AssessmentWindow {
  const fiscalYearStart = `${fiscalYear - 1}-10-01`;
  const start = lookBackMonths ? addMonths(fiscalYearStart, -lookBackMonths) : fiscalYearStart;
  return { start, end: obligationDeadline > start ? obligationDeadline : `${fiscalYear}-09-30` };
}

/** Both ends inclusive, as evidence periods are. */
export const overlaps = (period: { periodStart: string; periodEnd: string }, window: AssessmentWindow) =>
  period.periodStart <= window.end && period.periodEnd >= window.start;

export function isValidWindow(window: AssessmentWindow): boolean {
  return isCalendarDate(window.start) && isCalendarDate(window.end) && window.start <= window.end;
}

export interface EarlierEvidence {
  id: string;
  revision: number;
  title: string;
  periodStart: string;
  periodEnd: string;
  retracted: boolean;
}

export interface EarlierCase {
  id: string;
  family: string;
  /** The wording the earlier case was assessed against (its cycle's pinned text). */
  text: string;
  finding: { rating: string; rationale: string; narrative?: string | null } | null;
  evidence: EarlierEvidence[];
}

export interface NewCase {
  id: string;
  family: string;
  text: string;
  /** Its tranche's assessment window (tranches may look back differently). */
  window: AssessmentWindow;
}

export type EvidenceVerdict = 'copy' | 'outside_window' | 'retracted';

export interface CaseOffer {
  caseId: string;
  family: string;
  window: AssessmentWindow;
  source: { caseId: string } | null;
  textUnchanged: boolean | null;
  /** Earlier wording against the new one; null when there is no earlier case. */
  diff: WordDiff | null;
  evidence: Array<{ evidenceId: string; revision: number; title: string; periodStart: string; periodEnd: string; verdict: EvidenceVerdict }>;
  /** Last year's approved finding, offered as this year's draft proposed finding. */
  finding: { rating: string; rationale: string; narrative: string } | null;
}

export function planCarryForward(newCases: NewCase[], earlier: EarlierCase[]): CaseOffer[] {
  const byFamily = new Map(earlier.map((c) => [c.family, c]));
  return newCases.map((current) => {
    const { window } = current;
    const source = byFamily.get(current.family);
    if (!source) return { caseId: current.id, family: current.family, window, source: null, textUnchanged: null, diff: null, evidence: [], finding: null };
    const diff = wordDiff(source.text, current.text);
    return {
      caseId: current.id,
      family: current.family,
      window,
      source: { caseId: source.id },
      textUnchanged: !diff.changed,
      diff,
      evidence: source.evidence.map((e) => ({
        evidenceId: e.id,
        revision: e.revision,
        title: e.title,
        periodStart: e.periodStart,
        periodEnd: e.periodEnd,
        verdict: e.retracted ? 'retracted' : overlaps(e, window) ? 'copy' : 'outside_window',
      })),
      finding: source.finding ? { rating: source.finding.rating, rationale: source.finding.rationale, narrative: source.finding.narrative ?? '' } : null,
    };
  });
}
