import { buildTrendGrid, trendCsv } from './trend-grid';

const cycles = [
  {
    cycleId: 'CO-FY2022', fiscalYear: 2022,
    tranches: [{ code: 'A', withheldCents: 1000, outcome: 'released' as const }, { code: 'B', withheldCents: 500, outcome: 'reprogrammed' as const, reprogrammedCents: 400 }],
    cases: [
      { caseId: 'CO-FY2022.FP', family: 'FP', title: 'False positives, widened', tranche: 'B', finding: 'not_met' },
      { caseId: 'CO-FY2022.ETH', family: 'ETH', title: 'Ethnic communities', tranche: 'B', finding: null },
      { caseId: 'CO-FY2022.CN', family: 'CN', title: 'Counternarcotics', tranche: 'A', finding: 'met' },
    ],
  },
  {
    cycleId: 'CO-FY2020', fiscalYear: 2020,
    tranches: [{ code: 'A', withheldCents: 800, outcome: 'withheld' as const }, { code: 'B', withheldCents: 300, outcome: null }],
    cases: [
      { caseId: 'CO-FY2020.CN', family: 'CN', title: 'Counternarcotics', tranche: 'A', finding: 'partially_met' },
      { caseId: 'CO-FY2020.FP', family: 'FP', title: 'False positives', tranche: 'B', finding: 'met' },
    ],
  },
];

describe('trend grid', () => {
  it('puts families down and fiscal years across, each cell the finding and its tranche outcome', () => {
    const grid = buildTrendGrid(cycles);
    expect(grid.years.map((y) => y.fiscalYear)).toEqual([2020, 2022]);
    expect(grid.rows.map((r) => r.family)).toEqual(['CN', 'FP', 'ETH']);
    expect(grid.rows[1].title).toBe('False positives, widened');
    expect(grid.rows[0].cells.map((c) => [c?.finding, c?.outcome])).toEqual([['partially_met', 'withheld'], ['met', 'released']]);
    expect(grid.rows[2].cells[0]).toBeNull();
    expect(grid.rows[2].cells[1]).toMatchObject({ finding: null, outcome: 'reprogrammed', caseId: 'CO-FY2022.ETH' });
  });

  it('sums withheld, released (or waived), reprogrammed and still withheld per year', () => {
    const [fy20, fy22] = buildTrendGrid(cycles).years;
    expect(fy20).toMatchObject({ withheldCents: 1100, releasedCents: 0, reprogrammedCents: 0, stillWithheldCents: 1100 });
    expect(fy22).toMatchObject({ withheldCents: 1500, releasedCents: 1000, reprogrammedCents: 400, stillWithheldCents: 100 });
  });

  it('writes one CSV table with criterion and year rows', () => {
    const lines = trendCsv(buildTrendGrid(cycles)).trimEnd().split('\r\n');
    expect(lines[0]).toBe('row,fiscal_year,cycle_id,family,criterion,case_id,tranche,finding,outcome,withheld_cents,released_cents,reprogrammed_cents,still_withheld_cents');
    expect(lines[1]).toBe('criterion,2020,CO-FY2020,CN,Counternarcotics,CO-FY2020.CN,A,partially_met,withheld,,,,');
    expect(lines[3]).toBe('year,2020,CO-FY2020,,,,,,,1100,0,0,1100');
    expect(lines).toHaveLength(1 + 2 + 1 + 3 + 1);
  });
});
