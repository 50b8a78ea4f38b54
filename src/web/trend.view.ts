import { formatUsd } from '../cycles/money';
import type { TrendGrid, TrendOutcome } from '../trend/trend-grid';
import { RATING_LABELS } from './web-labels';

// View model of the trend page: the SVG is laid out here (coordinates, labels, fills) and
// drawn by templates/pages/trend.hbs, with no script; the table says the same in text.

const FINDING_STYLE: Record<string, { mark: string; fill: string }> = {
  met: { mark: '✓', fill: '#d7efdc' },
  partially_met: { mark: '◐', fill: '#fcefc7' },
  not_met: { mark: '✗', fill: '#f7d5d8' },
};
const NO_FINDING = { mark: '○', fill: '#eef0f3' };

export const OUTCOME_LABELS: Record<TrendOutcome, string> = { released: 'Released', withheld: 'Withheld', reprogrammed: 'Reprogrammed', waived: 'Waived' };

const LABEL_WIDTH = 300;
const COLUMN_WIDTH = 170;
const HEADER_HEIGHT = 36;
const ROW_HEIGHT = 50;
const BAR_AREA = 150;
const BAR_WIDTH = 44;

/** `$36M`, `$1.5M`, `$600K`: short enough for a bar label; the table has the exact figures. */
export function compactUsd(cents: number): string {
  const dollars = cents / 100;
  const short = (n: number, unit: string) => `$${Number(n.toFixed(1)).toString()}${unit}`;
  if (dollars >= 1e9) return short(dollars / 1e9, 'B');
  if (dollars >= 1e6) return short(dollars / 1e6, 'M');
  if (dollars >= 1e3) return short(dollars / 1e3, 'K');
  return `$${Math.round(dollars)}`;
}

const shorten = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

export interface TrendPageInput {
  statute: { id: string; title: string };
  recipient: { code: string; name: string };
  grid: TrendGrid;
  csvHref: string;
}

export function trendPageView({ statute, recipient, grid, csvHref }: TrendPageInput) {
  const findingText = (finding: string | null) => (finding ? RATING_LABELS[finding] ?? finding : 'No approved finding');
  const shortFinding = (finding: string | null) => (finding ? RATING_LABELS[finding] ?? finding : 'No finding yet');
  const outcomeText = (outcome: TrendOutcome | null) => (outcome ? OUTCOME_LABELS[outcome] : 'Undecided');
  const columnX = (column: number) => LABEL_WIDTH + column * COLUMN_WIDTH;
  const gridHeight = HEADER_HEIGHT + grid.rows.length * ROW_HEIGHT;
  const barsTop = gridHeight + 40;
  const maxCents = Math.max(1, ...grid.years.map((y) => y.withheldCents));
  const barHeight = (cents: number) => Math.round((cents / maxCents) * (BAR_AREA - 30));
  const baseline = barsTop + BAR_AREA;
  const width = LABEL_WIDTH + Math.max(1, grid.years.length) * COLUMN_WIDTH;

  const svg = {
    width,
    height: baseline + 64,
    years: grid.years.map((year, column) => ({ x: columnX(column) + COLUMN_WIDTH / 2, label: `FY${year.fiscalYear}` })),
    rows: grid.rows.map((row, index) => {
      const y = HEADER_HEIGHT + index * ROW_HEIGHT;
      return {
        labelY: y + ROW_HEIGHT / 2 + 5,
        label: shorten(row.title, 40),
        cells: row.cells.map((cell, column) => {
          const style = cell ? FINDING_STYLE[cell.finding ?? ''] ?? NO_FINDING : null;
          return {
            present: !!cell,
            x: columnX(column) + 4,
            y: y + 4,
            width: COLUMN_WIDTH - 8,
            height: ROW_HEIGHT - 8,
            textX: columnX(column) + COLUMN_WIDTH / 2,
            line1Y: y + 22,
            line2Y: y + 38,
            fill: style?.fill ?? '#ffffff',
            line1: cell ? `${style!.mark} ${shortFinding(cell.finding)}` : 'Not in this year’s act',
            bold: !!cell?.finding,
            line2: cell ? outcomeText(cell.outcome) : '',
          };
        }),
      };
    }),
    barsTitleY: barsTop,
    baseline,
    bars: grid.years.map((year, column) => {
      const centre = columnX(column) + COLUMN_WIDTH / 2;
      const withheld = barHeight(year.withheldCents);
      const released = barHeight(year.releasedCents);
      return {
        withheld: { x: centre - BAR_WIDTH - 2, y: baseline - withheld, height: withheld, labelY: baseline - withheld - 4, label: compactUsd(year.withheldCents) },
        released: { x: centre + 2, y: baseline - released, height: released, labelY: baseline - released - 4, label: compactUsd(year.releasedCents) },
        barWidth: BAR_WIDTH,
        withheldLabelX: centre - BAR_WIDTH / 2 - 2,
        releasedLabelX: centre + BAR_WIDTH / 2 + 2,
        yearY: baseline + 18,
        year: `FY${year.fiscalYear}`,
      };
    }),
    legendY: baseline + 40,
  };

  return {
    statute,
    recipient,
    csvHref,
    empty: grid.years.length === 0,
    svg,
    table: {
      years: grid.years.map((y) => ({ label: `FY${y.fiscalYear}`, cycleId: y.cycleId })),
      rows: grid.rows.map((row) => ({
        family: row.family,
        title: row.title,
        cells: row.cells.map((cell) =>
          cell
            ? { present: true, caseId: cell.caseId, finding: findingText(cell.finding), outcome: outcomeText(cell.outcome), tranche: cell.tranche }
            : { present: false, caseId: '', finding: '', outcome: '', tranche: '' },
        ),
      })),
      amounts: grid.years.map((y) => ({
        label: `FY${y.fiscalYear}`,
        withheld: formatUsd(y.withheldCents),
        released: formatUsd(y.releasedCents),
        reprogrammed: formatUsd(y.reprogrammedCents),
        stillWithheld: formatUsd(y.stillWithheldCents),
      })),
    },
  };
}
