import { csvLine } from '../audit/journal-export';

// The year-over-year picture of one recipient under one line of provisions: criterion
// families down, fiscal years across. Pure: the service hands in the cycles as decided.

export type TrendOutcome = 'released' | 'withheld' | 'reprogrammed' | 'waived';

export interface TrendCycleInput {
  cycleId: string;
  fiscalYear: number;
  tranches: Array<{ code: string; withheldCents: number; outcome: TrendOutcome | null; reprogrammedCents?: number | null }>;
  cases: Array<{ caseId: string; family: string; title: string; tranche: string; finding: string | null }>;
}

export interface TrendCell {
  cycleId: string;
  caseId: string;
  tranche: string;
  finding: string | null;
  outcome: TrendOutcome | null;
}

export interface TrendYear {
  fiscalYear: number;
  cycleId: string;
  withheldCents: number;
  releasedCents: number;
  reprogrammedCents: number;
  /** Under the condition and not yet released, waived or reprogrammed. */
  stillWithheldCents: number;
}

export interface TrendGrid {
  years: TrendYear[];
  /** Families in order of first appearance (earliest year's statutory order, later additions after). */
  rows: Array<{ family: string; title: string; cells: Array<TrendCell | null> }>;
}

export function buildTrendGrid(cycles: TrendCycleInput[]): TrendGrid {
  const ordered = [...cycles].sort((a, b) => a.fiscalYear - b.fiscalYear);
  const rows = new Map<string, { family: string; title: string; cells: Array<TrendCell | null> }>();
  ordered.forEach((cycle, column) => {
    const outcomes = new Map(cycle.tranches.map((t) => [t.code, t.outcome]));
    for (const c of cycle.cases) {
      let row = rows.get(c.family);
      if (!row) rows.set(c.family, (row = { family: c.family, title: c.title, cells: ordered.map(() => null) }));
      row.title = c.title; // the latest wording of the title
      row.cells[column] = { cycleId: cycle.cycleId, caseId: c.caseId, tranche: c.tranche, finding: c.finding, outcome: outcomes.get(c.tranche) ?? null };
    }
  });
  const years = ordered.map((cycle) => {
    const sum = (pick: (t: TrendCycleInput['tranches'][number]) => number) => cycle.tranches.reduce((total, t) => total + pick(t), 0);
    const withheldCents = sum((t) => t.withheldCents);
    const releasedCents = sum((t) => (t.outcome === 'released' || t.outcome === 'waived' ? t.withheldCents : 0));
    const reprogrammedCents = sum((t) => (t.outcome === 'reprogrammed' ? (t.reprogrammedCents ?? t.withheldCents) : 0));
    return { fiscalYear: cycle.fiscalYear, cycleId: cycle.cycleId, withheldCents, releasedCents, reprogrammedCents, stillWithheldCents: withheldCents - releasedCents - reprogrammedCents };
  });
  return { years, rows: [...rows.values()] };
}

export const TREND_CSV_COLUMNS = [
  'row', 'fiscal_year', 'cycle_id', 'family', 'criterion', 'case_id', 'tranche', 'finding', 'outcome', 'withheld_cents', 'released_cents', 'reprogrammed_cents', 'still_withheld_cents',
] as const;

/** One header; a `criterion` row per family and year with a case, a `year` row per year with its amounts. */
export function trendCsv(grid: TrendGrid): string {
  let csv = csvLine([...TREND_CSV_COLUMNS]);
  grid.years.forEach((year, column) => {
    for (const row of grid.rows) {
      const cell = row.cells[column];
      if (cell) csv += csvLine(['criterion', year.fiscalYear, cell.cycleId, row.family, row.title, cell.caseId, cell.tranche, cell.finding, cell.outcome, null, null, null, null]);
    }
    csv += csvLine(['year', year.fiscalYear, year.cycleId, null, null, null, null, null, null, year.withheldCents, year.releasedCents, year.reprogrammedCents, year.stillWithheldCents]);
  });
  return csv;
}
