import type { CycleView } from '../cycles/cycle.mapper';
import { daysUntil } from '../common/calendar-date';
import { FINAL_TRANCHE_STATES } from '../cycles/tranche-machine';
import { formatUsd } from '../cycles/money';
import type { Statute } from '../statutes/statute-catalog';
import { CASE_STATES } from '../cases/case-machine';
import { formatInstant } from './case.view';
import { EVENT_LABELS, requiredFieldsOf, stateLabel } from './web-labels';
import { formErrors, FormErrors } from './form-feedback';

// View models for the cycle list and the cycle board: every string formatted here.

const DECISION_LABELS: Record<string, string> = { release: 'Release the funds', withhold: 'Continue to withhold', reprogram: 'Reprogram the funds' };

export interface DeadlineView {
  date: string;
  overdue: boolean;
  text: string;
}

/** Beyond this, a running count says nothing useful: the date itself is shown. */
const LONG_PAST_DAYS = 365;

/**
 * Overdue: the obligation deadline has passed and the funds decision is still open. A decided
 * cycle says when it was decided relative to the deadline, never a running count; so does a
 * historical cycle whose deadline passed long ago.
 */
export function deadlineView(deadline: string, state: string, now: Date, decidedAt?: string | null): DeadlineView {
  const days = daysUntil(deadline, now);
  const closed = FINAL_TRANCHE_STATES.includes(state) || !!decidedAt;
  const overdue = days < 0 && !closed;
  const plural = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  let text: string;
  if (closed && decidedAt) {
    const on = decidedAt.slice(0, 10);
    const after = -daysUntil(deadline, new Date(`${on}T00:00:00Z`));
    text = after > 0 ? `Decided on ${on}, ${plural(after)} after the deadline` : after === 0 ? `Decided on ${on}, the day of the deadline` : `Decided on ${on}, ${plural(-after)} before the deadline`;
  } else if (closed) text = 'Decision recorded';
  else if (days < -LONG_PAST_DAYS) text = `Deadline passed on ${deadline}, no decision recorded`;
  else if (days < 0) text = `Overdue by ${plural(-days)}`;
  else if (days === 0) text = 'Due today';
  else text = `${plural(days)} left`;
  return { date: deadline, overdue, text };
}

const decidedAtOf = (cycle: CycleView) => ((cycle.decision as { decidedAt?: string } | null)?.decidedAt ?? null);

function progress(cycle: CycleView) {
  const approved = cycle.cases.filter((c) => c.state === 'approved' || c.state === 'reported').length;
  return `${approved} of ${cycle.cases.length} approved`;
}

export function cycleListView(cycles: CycleView[], statutes: Map<string, Statute>, now: Date) {
  const overdueCount = cycles.filter((cycle) => deadlineView(cycle.obligationDeadline, cycle.state, now, decidedAtOf(cycle)).overdue).length;
  return {
    cycles: cycles.map((cycle) => ({
      id: cycle.id,
      statuteTitle: statutes.get(cycle.statuteId)?.title ?? cycle.statuteId,
      fiscalYear: cycle.fiscalYear,
      state: stateLabel(cycle.state),
      appropriated: cycle.appropriatedCents === null ? 'see tranches' : formatUsd(cycle.appropriatedCents),
      withheld: formatUsd(cycle.withheldCents),
      // Several tranches have several shares: the list names how many instead of one percent.
      share: cycle.withheldPercent !== null ? `${cycle.withheldPercent}%` : `${cycle.tranches.length} tranches`,
      deadline: deadlineView(cycle.obligationDeadline, cycle.state, now, decidedAtOf(cycle)),
      progress: progress(cycle),
    })),
    overdueCount,
    overdueText: `${overdueCount} cycle${overdueCount === 1 ? '' : 's'} past the obligation deadline`,
  };
}

export interface CycleEventForm {
  errors: FormErrors;
  type: string;
  label: string;
  needsComment: boolean;
  needsDestination: boolean;
  needsAmount: boolean;
  hasFields: boolean;
  /** Final decisions go through a confirmation page first. */
  confirm: boolean;
}

/** A refused cycle form: which one (its event and tranche), its message and the fields at fault. */
export interface FailedCycleForm {
  type: string;
  tranche: string;
  error: string;
  fieldMessages: Record<string, string>;
}

/** Input ids of one event form, as page-cycle-event.hbs builds them. */
function eventInputs(type: string, tranche: string): Record<string, string> {
  const suffix = `${type}${tranche ? `-${tranche}` : ''}`;
  return { destination: `destination-${suffix}`, amount: `amount-${suffix}`, comment: `comment-${suffix}` };
}

export function cycleEventForms(allowedEvents: string[], tranche = '', failed: FailedCycleForm | null = null): CycleEventForm[] {
  return allowedEvents.map((type) => {
    const needs = requiredFieldsOf(type);
    const refused = failed !== null && failed.type === type && failed.tranche === tranche;
    return {
      // Only the refused form's fields are marked; its message is in the summary on top of the page.
      errors: formErrors(eventInputs(type, tranche), refused ? failed.error : null, refused ? failed.fieldMessages : {}),
      type,
      label: EVENT_LABELS[type] ?? type,
      needsComment: needs.comment,
      needsDestination: needs.destination,
      needsAmount: needs.amount,
      hasFields: needs.comment || needs.destination || needs.amount,
      confirm: type.startsWith('DECIDE_'),
    };
  });
}

function trancheArithmetic(t: CycleView['tranches'][number]): string {
  if ('amountCents' in t.share) return `Tranche ${t.code}: fixed amount ${formatUsd(t.withheldCents)}`;
  return `Tranche ${t.code}: ${formatUsd(t.baseCents ?? 0)} × ${t.share.percent}% = ${formatUsd(t.withheldCents)} (rounded half up to the cent)`;
}

export interface CaseCard {
  id: string;
  code: string;
  title: string;
}

type DecisionRecord = { type?: string; decidedBy?: string; decidedAt?: string; comment?: string | null; destination?: string | null; amountCents?: number | null };

function decisionView(recorded: Record<string, unknown> | null) {
  const decision = recorded as DecisionRecord | null;
  if (!decision) return null;
  return {
    type: DECISION_LABELS[decision.type ?? ''] ?? decision.type ?? '',
    by: decision.decidedBy ?? '',
    at: formatInstant(decision.decidedAt ?? ''),
    comment: decision.comment ?? null,
    destination: decision.destination ?? null,
    amount: typeof decision.amountCents === 'number' ? formatUsd(decision.amountCents) : null,
  };
}

export function cycleBoardView(
  cycle: CycleView,
  statute: Statute | undefined,
  criterionTitle: (code: string) => string,
  now: Date,
  extras: { error: string | null; values: Record<string, string>; notice: string | null; fieldMessages?: Record<string, string> },
) {
  // The refused form is the one whose event and tranche the post named.
  const failed: FailedCycleForm | null = extras.error !== null && extras.values.type
    ? { type: extras.values.type, tranche: extras.values.tranche ?? '', error: extras.error, fieldMessages: extras.fieldMessages ?? {} }
    : null;
  const multi = cycle.tranches.length > 1;
  const trancheForms = cycle.tranches.map((t) => cycleEventForms(t.allowedEvents, multi ? t.code : '', failed));
  const cycleForms = cycleEventForms(cycle.allowedEvents, '', failed);
  const columns = CASE_STATES.map((state) => {
    const cards: CaseCard[] = cycle.cases
      .filter((c) => c.state === state)
      .map((c) => ({ id: c.id, code: c.criterionCode, title: criterionTitle(c.criterionCode) }));
    return { state: stateLabel(state), cards, count: cards.length, empty: cards.length === 0 };
  });
  return {
    cycle: {
      id: cycle.id,
      fiscalYear: cycle.fiscalYear,
      version: cycle.version,
      state: stateLabel(cycle.state),
      statuteTitle: statute?.title ?? cycle.statuteId,
      citation: statute?.citation ?? '',
      account: statute?.tranches.map((t) => t.title).join('; ') ?? '',
      country: cycle.recipient.name,
    },
    money: {
      appropriated: cycle.appropriatedCents === null ? 'see tranches' : formatUsd(cycle.appropriatedCents),
      withheldPercent: cycle.withheldPercent,
      withheld: formatUsd(cycle.withheldCents),
      withheldCents: cycle.withheldCents,
      arithmetic: cycle.tranches.map(trancheArithmetic).join('; '),
    },
    tranches: cycle.tranches.map((t, i) => ({
      code: t.code,
      title: t.title,
      state: stateLabel(t.state),
      base: t.baseCents === null ? 'fixed amount' : formatUsd(t.baseCents),
      share: 'percent' in t.share ? `${t.share.percent}%` : `fixed ${formatUsd(t.share.amountCents)}`,
      withheld: formatUsd(t.withheldCents),
      withheldCents: t.withheldCents,
      arithmetic: trancheArithmetic(t),
      decision: decisionView(t.decision),
      mechanism: t.mechanism,
      waiver: t.waiverAvailable ? 'A waiver is available' : 'No waiver',
      reprogramTo: t.reprogramTo.length ? t.reprogramTo.join('; ') : null,
      events: trancheForms[i],
      noEvents: t.allowedEvents.length === 0,
    })),
    multiTranche: multi,
    deadline: deadlineView(cycle.obligationDeadline, cycle.state, now, decidedAtOf(cycle)),
    progress: progress(cycle),
    columns,
    decision: decisionView(cycle.decision),
    events: cycleForms,
    noEvents: cycle.allowedEvents.length === 0,
    error: extras.error,
    // The summary on top links to the refused fields of the form that was sent.
    errorLinks: (multi ? trancheForms.flat() : cycleForms).flatMap((form) => form.errors.summary),
    notice: extras.notice,
    values: { comment: extras.values.comment ?? '', destination: extras.values.destination ?? '', amount: extras.values.amount ?? '' },
  };
}
