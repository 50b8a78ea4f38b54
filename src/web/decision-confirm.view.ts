import type { CycleView } from '../cycles/cycle.mapper';
import type { CycleEventDto } from '../cycles/dto/cycle-event.dto';
import { formatUsd } from '../cycles/money';

// What each final decision does that cannot be taken back, in words for the confirmation page.
const CONSEQUENCES: Record<string, string> = {
  DECIDE_REPROGRAM: 'Reprogramming is final: the cycle closes, the amount goes to the destination named, and no later decision on these funds is possible.',
  DECIDE_RELEASE: 'Release is recorded in the journal for good; after it, the report to Congress is transmitted and the cases are marked reported.',
  DECIDE_WAIVE: 'The waiver is recorded in the journal for good; after it, the waiver determination is transmitted.',
  DECIDE_WITHHOLD: 'Withholding is recorded in the journal for good. The assessment may be resumed later, but this decision stays in the history.',
};

export function decisionConfirmView(cycle: CycleView, dto: CycleEventDto, text: { label: string; words: string | null }) {
  const cents = dto.amountCents;
  const withheldCents = dto.tranche ? (cycle.tranches.find((t) => t.code === dto.tranche)?.withheldCents ?? cycle.withheldCents) : cycle.withheldCents;
  return {
    cycleId: cycle.id,
    tranche: dto.tranche ?? null,
    label: text.label,
    type: dto.type,
    version: dto.expectedVersion ?? cycle.version,
    amount: cents !== undefined ? { cents: String(cents), figures: formatUsd(cents), words: text.words, withheld: formatUsd(withheldCents), remainder: formatUsd(withheldCents - cents) } : null,
    destination: dto.destination ?? null,
    comment: dto.comment ?? null,
    consequence: CONSEQUENCES[dto.type] ?? 'This decision is recorded in the journal for good.',
  };
}
