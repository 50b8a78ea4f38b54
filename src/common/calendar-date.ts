import { invalidInput } from './domain-error';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` with a month 01-12 and a day 01-31; there is no year 0000. */
export const CALENDAR_DATE = /^(?!0000)\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Refuses a `YYYY-MM-DD` that names no real day (2015-02-30), naming the field. */
export function assertCalendarDate(value: string, field: string): void {
  const date = new Date(`${value}T00:00:00Z`);
  if (!CALENDAR_DATE.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw invalidInput('INVALID_DATE', `${field} is not a calendar date: ${value}`);
  }
}

/** Whole days from `now`'s UTC date to the `YYYY-MM-DD` date: negative once it has passed. */
export function daysUntil(date: string, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / DAY_MS);
}

export function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return CALENDAR_DATE.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** `2023-10-01` minus 12 months is `2022-10-01`; a day past the target month's end is clamped (03-31 - 1 month = 02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
