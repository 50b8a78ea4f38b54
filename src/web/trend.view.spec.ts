import { buildTrendGrid } from '../trend/trend-grid';
import { compactUsd, trendPageView } from './trend.view';

describe('trend page view', () => {
  it('labels bars compactly and keeps exact amounts for the table', () => {
    expect([compactUsd(36_000_000_00), compactUsd(1_500_000_00), compactUsd(60_000_000), compactUsd(2_350_000_000_00), compactUsd(5_000)]).toEqual(['$36M', '$1.5M', '$600K', '$2.4B', '$50']);
    const grid = buildTrendGrid([{ cycleId: 'C', fiscalYear: 2020, tranches: [{ code: 'A', withheldCents: 36_000_000_00, outcome: 'released' }], cases: [{ caseId: 'C.X', family: 'F', title: 'T', tranche: 'A', finding: null }] }]);
    const view = trendPageView({ statute: { id: 'S', title: 'S' }, recipient: { code: 'CO', name: 'Colombia' }, grid, csvHref: '/x' });
    expect(view.svg.bars[0].withheld.label).toBe('$36M');
    expect(view.table.amounts[0].withheld).toBe('$36,000,000.00');
    expect(view.svg.rows[0].cells[0]).toMatchObject({ line1: '○ No finding yet', line2: 'Released', bold: false });
    expect(view.table.rows[0].cells[0]).toMatchObject({ finding: 'No approved finding', outcome: 'Released' });
  });
});
