import type { FindingRating } from '../cases/case-machine';
import { daysUntil } from '../common/calendar-date';
import { formatUsd } from '../cycles/money';

// Formatting shared by the memo and the report, done in view models so HTML and Markdown agree.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2015-09-30` -> `September 30, 2015` (calendar dates are UTC throughout). */
export function longDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

export function percentLabel(basisPoints: number): string {
  return `${basisPoints / 100}%`;
}

/** appropriated x percent before rounding, in dollars with every significant decimal: `$5,000,000.001`. */
export function exactProductUsd(appropriatedCents: number, basisPoints: number): string {
  // cents x basis points = millionths of a dollar
  const micro = BigInt(appropriatedCents) * BigInt(basisPoints);
  const dollars = (micro / 1_000_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let fraction = (micro % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  if (fraction.length < 2) fraction = fraction.padEnd(2, '0');
  return `$${dollars}.${fraction}`;
}

/** The withheld-amount arithmetic as the memo shows it. */
export function withheldArithmetic(appropriatedCents: number, basisPoints: number, withheldCents: number): { formula: string; rounding: string } {
  const exact = exactProductUsd(appropriatedCents, basisPoints);
  const rounded = formatUsd(withheldCents);
  return {
    formula: `${formatUsd(appropriatedCents)} × ${percentLabel(basisPoints)} = ${exact}`,
    rounding: exact === rounded ? `No rounding needed: ${rounded}` : `Rounded half up to the cent: ${rounded}`,
  };
}

/** Whole days from `now`'s UTC date to the deadline, in words. */
export function deadlineStatus(deadline: string, now: Date): { days: number; text: string } {
  const days = daysUntil(deadline, now);
  const plural = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  if (days > 0) return { days, text: `${plural(days)} left` };
  if (days === 0) return { days, text: 'the deadline is today' };
  return { days, text: `passed ${plural(-days)} ago` };
}

export const FINDING_LABELS: Record<FindingRating, string> = { met: 'Met', partially_met: 'Partially met', not_met: 'Not met' };

export function findingLabel(rating: FindingRating | null | undefined): string {
  return rating ? FINDING_LABELS[rating] : 'No approved finding';
}

/** `A` (best) .. `F`, then 1 (best) .. 6: lower sorts first. */
export function gradeRank(reliability: string, credibility: number): number {
  return (reliability.charCodeAt(0) - 65) * 10 + credibility;
}

export function safeUrl(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

export function person(username: string, people: Record<string, string>): string {
  const name = people[username];
  return name && name !== username ? `${name} (${username})` : username;
}

/** `Pub. L. 111-8, div. H`: the act as citations name it. */
export function actName(statute: { act: { publicLaw: string; division: string | null } }): string {
  return statute.act.division ? `${statute.act.publicLaw}, div. ${statute.act.division}` : statute.act.publicLaw;
}
