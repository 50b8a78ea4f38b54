import type { CarryForwardOffer } from '../carry-forward/carry-forward.service';
import { RATING_LABELS } from './web-labels';

const REASONS: Record<string, string> = { outside_window: 'its period is outside the window', retracted: 'retracted' };

/** View model of the carry-forward page: per case, what would be taken over and why. */
export function carryForwardView(offer: CarryForwardOffer, canCarry: boolean, notice: string | null) {
  const windows = [...new Set(offer.cases.map((c) => `${c.window.start} ${c.window.end}`))].map((w) => w.split(' '));
  return {
    cycle: { id: offer.cycleId, fiscalYear: offer.fiscalYear },
    recipient: offer.recipient.name,
    source: offer.source ? { id: offer.source.cycleId, fiscalYear: offer.source.fiscalYear } : null,
    // Tranches may look back differently; the page names each window once.
    windows: windows.map(([start, end]) => ({ start, end })),
    notice,
    error: null,
    canCarry: canCarry && offer.cases.some((c) => c.source && !c.carried && c.open),
    cases: offer.cases.map((c) => ({
      caseId: c.caseId,
      code: c.criterionCode,
      title: c.title,
      source: c.source?.caseId ?? null,
      textUnchanged: c.textUnchanged === true,
      diff: c.diff,
      finding: c.finding ? { rating: RATING_LABELS[c.finding.rating] ?? c.finding.rating, rationale: c.finding.rationale } : null,
      evidence: c.evidence.map((e) => ({ title: e.title, period: `${e.periodStart} to ${e.periodEnd}`, copy: e.verdict === 'copy', reason: REASONS[e.verdict] ?? '' })),
      carried: c.carried,
      selectable: canCarry && !c.carried && c.open,
      closed: !c.open,
    })),
  };
}
