import type { CaseEntity } from '../cases/case.entity';
import type { Statute } from '../statutes/statute-catalog';
import type { CycleEntity } from './cycle.entity';
import type { TrancheEntity } from './tranche.entity';

export interface TrancheView {
  code: string;
  title: string;
  share: { percent: number } | { amountCents: number };
  baseCents: number | null;
  withheldCents: number;
  mechanism: string;
  waiverAvailable: boolean;
  reprogramTo: string[];
  state: string;
  decision: Record<string, unknown> | null;
  allowedEvents: string[];
}

export interface CycleView {
  id: string;
  statuteId: string;
  statuteVersion: string;
  /** A newer catalog version of the statute exists than the one the cycle is pinned to. */
  newerStatuteVersion: boolean;
  fiscalYear: number;
  recipient: { code: string; name: string };
  state: string;
  version: number;
  appropriatedCents: number | null;
  withheldPercent: number | null;
  withheldCents: number;
  obligationDeadline: string;
  decision: Record<string, unknown> | null;
  allowedEvents: string[];
  /** Cycle-wide events this user could send now (REPIN_STATUTE). */
  cycleEvents: string[];
  tranches: TrancheView[];
  cases: Array<{ id: string; criterionCode: string; tranche: string; state: string }>;
  createdAt: string;
  updatedAt: string;
}

/**
 * With one tranche the cycle answers as before catalog v2 (its state, money, decision and
 * events are the tranche's); with several, the state is the common one or `mixed`.
 */
export function toCycleView(
  cycle: CycleEntity,
  statute: Statute,
  tranches: TrancheEntity[],
  cases: CaseEntity[],
  allowed: Map<string, string[]>,
  currentVersion: string,
  cycleEvents: string[],
): CycleView {
  const views: TrancheView[] = tranches.map((t) => {
    const defined = statute.tranches.find((d) => d.code === t.code)!;
    return {
      code: t.code,
      title: defined.title,
      share: t.basisPoints !== null ? { percent: t.basisPoints / 100 } : { amountCents: t.withheldCents },
      baseCents: t.baseCents,
      withheldCents: t.withheldCents,
      mechanism: defined.mechanism,
      waiverAvailable: defined.waiver !== null,
      reprogramTo: defined.onFailure?.reprogramTo ?? [],
      state: t.state,
      decision: t.decision,
      allowedEvents: allowed.get(t.code) ?? [],
    };
  });
  const single = views.length === 1 ? tranches[0] : null;
  const states = new Set(views.map((t) => t.state));
  const order = new Map(statute.tranches.flatMap((t) => t.criteria).map((c, i) => [c.code, i]));
  const recipient = statute.recipients.find((r) => r.code === cycle.recipient) ?? { code: cycle.recipient, name: cycle.recipient };
  return {
    id: cycle.id,
    statuteId: cycle.statuteId,
    statuteVersion: cycle.statuteVersion,
    newerStatuteVersion: cycle.statuteVersion !== currentVersion,
    fiscalYear: cycle.fiscalYear,
    recipient: { code: recipient.code, name: recipient.name },
    state: states.size === 1 ? [...states][0] : 'mixed',
    version: cycle.version,
    appropriatedCents: single ? single.baseCents : null,
    withheldPercent: single && single.basisPoints !== null ? single.basisPoints / 100 : null,
    withheldCents: views.reduce((sum, t) => sum + t.withheldCents, 0),
    obligationDeadline: cycle.obligationDeadline,
    decision: single ? single.decision : null,
    allowedEvents: single ? [...(allowed.get(single.code) ?? []), ...cycleEvents] : [],
    cycleEvents,
    tranches: views,
    // Statutory order, never sorted by code.
    cases: [...cases]
      .sort((a, b) => (order.get(a.criterionCode) ?? 0) - (order.get(b.criterionCode) ?? 0))
      .map((c) => ({ id: c.id, criterionCode: c.criterionCode, tranche: c.trancheCode, state: c.state })),
    createdAt: cycle.createdAt,
    updatedAt: cycle.updatedAt,
  };
}
