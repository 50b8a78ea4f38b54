import { assessmentWindow, isValidWindow, planCarryForward } from './carry-forward-plan';

const evidence = (id: string, periodStart: string, periodEnd: string, retracted = false) => ({ id, revision: 2, title: `Item ${id}`, periodStart, periodEnd, retracted });

describe('carry-forward plan', () => {
  it('takes the window from the fiscal year to the end of availability, looking back where the statute does', () => {
    expect(assessmentWindow(2022, '2023-09-30', null)).toEqual({ start: '2021-10-01', end: '2023-09-30' });
    expect(assessmentWindow(2024, '2025-09-30', 12)).toEqual({ start: '2022-10-01', end: '2025-09-30' });
    expect(isValidWindow({ start: '2022-10-01', end: '2022-09-30' })).toBe(false);
    expect(isValidWindow({ start: '2022-10-01', end: '2022-10-01' })).toBe(true);
  });

  it('offers evidence whose period overlaps the window, last year\'s approved finding, and marks unchanged text', () => {
    const window = { start: '2021-10-01', end: '2023-09-30' };
    const [same, changed, fresh] = planCarryForward(
      [
        { id: 'N.DEF', family: 'DEFENDERS', text: 'taking effective steps to prevent attacks', window },
        { id: 'N.FP', family: 'FALSE-POSITIVES', text: 'military officers credibly alleged are being held accountable', window: { start: '2030-01-01', end: '2030-12-31' } },
        { id: 'N.NEW', family: 'ETHNIC', text: 'protecting Afro-Colombian and Indigenous communities', window },
      ],
      [
        {
          id: 'O.DEF', family: 'DEFENDERS', text: 'taking effective  steps to prevent attacks',
          finding: { rating: 'partially_met', rationale: 'Some steps', narrative: 'Long narrative' },
          evidence: [
            evidence('inside', '2021-01-01', '2021-12-31'), // overlaps the start
            evidence('edge', '2023-09-30', '2024-01-31'), // touches the end (inclusive)
            evidence('before', '2019-01-01', '2021-09-30'), // ends the day before
            evidence('gone', '2022-01-01', '2022-02-01', true),
          ],
        },
        { id: 'O.FP', family: 'FALSE-POSITIVES', text: 'senior military officers are being held accountable', finding: null, evidence: [evidence('fp', '2022-01-01', '2022-12-31')] },
      ],
    );
    expect(same).toMatchObject({ source: { caseId: 'O.DEF' }, textUnchanged: true, finding: { rating: 'partially_met', rationale: 'Some steps', narrative: 'Long narrative' } });
    expect(same.evidence.map((e) => [e.evidenceId, e.verdict])).toEqual([['inside', 'copy'], ['edge', 'copy'], ['before', 'outside_window'], ['gone', 'retracted']]);
    expect(changed).toMatchObject({ source: { caseId: 'O.FP' }, textUnchanged: false, finding: null });
    expect(changed.diff?.summary).toBe('adds: “credibly alleged”; removes: “senior”');
    // Each case is judged against its own tranche's window.
    expect(changed.evidence.map((e) => e.verdict)).toEqual(['outside_window']);
    expect(fresh).toMatchObject({ source: null, textUnchanged: null, diff: null, evidence: [], finding: null });
  });
});
