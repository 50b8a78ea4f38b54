// Dates the catalog fixes: the end of the funds' availability (the obligation deadline) and
// statutory duties relative to enactment ("not later than 45 days after enactment", "every
// 180 days thereafter"). Catalog v2 carries `fundsAvailableUntil`, `duties` and
// `act.enacted`; an older file has none of them, so every field is read as optional.

const DAY_MS = 86_400_000;

export interface StatutoryDuty {
  description: string;
  daysAfterEnactment: number;
  repeatEveryDays: number | null;
  citation?: string;
}

export interface DutyDate {
  description: string;
  citation: string | null;
  /** The next date the duty falls due on or after `today` (or its only date, once passed). */
  due: string;
  /** Every due date so far (the first and each repetition up to `due`). */
  occurrence: number;
  repeats: boolean;
}

interface DatedStatute {
  act?: unknown;
  fundsAvailableUntil?: unknown;
  duties?: unknown;
}

function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  // 2021-02-30 parses (as March 2nd): only a date that reads back the same is a calendar date.
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function enactedOn(statute: DatedStatute): string | null {
  const act = statute.act as { enacted?: unknown } | undefined;
  return act && typeof act === 'object' && isDate(act.enacted) ? act.enacted : null;
}

/** The obligation deadline the catalog gives, or null when the file does not say. */
export function catalogObligationDeadline(statute: DatedStatute): string | null {
  return isDate(statute.fundsAvailableUntil) ? statute.fundsAvailableUntil : null;
}

/** Each duty's date from enactment; a repeating duty answers its next date on or after `today`. */
export function dutyDates(statute: DatedStatute, today: string): DutyDate[] {
  const enacted = enactedOn(statute);
  if (!enacted || !Array.isArray(statute.duties)) return [];
  const out: DutyDate[] = [];
  for (const raw of statute.duties as Array<Partial<StatutoryDuty>>) {
    if (!raw || typeof raw.description !== 'string' || !Number.isInteger(raw.daysAfterEnactment) || (raw.daysAfterEnactment as number) < 0) continue;
    const every = Number.isInteger(raw.repeatEveryDays) && (raw.repeatEveryDays as number) > 0 ? (raw.repeatEveryDays as number) : null;
    let due = addDays(enacted, raw.daysAfterEnactment as number);
    let occurrence = 1;
    if (every !== null && due < today) {
      const behind = Math.ceil((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / DAY_MS / every);
      due = addDays(due, behind * every);
      occurrence += behind;
    }
    out.push({ description: raw.description, citation: typeof raw.citation === 'string' ? raw.citation : null, due, occurrence, repeats: every !== null });
  }
  return out.sort((a, b) => a.due.localeCompare(b.due));
}
