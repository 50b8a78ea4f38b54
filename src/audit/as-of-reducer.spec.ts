import { CaseFold, reduceCase, reduceCycle } from './as-of-reducer';
import { decodeCaseState } from './stored-case-state';
import type { JournalRow } from './journal-row';

let seq = 0;
function row(event: string, fields: Partial<JournalRow> = {}): JournalRow {
  seq += 1;
  return {
    seq, at: `2030-01-01T00:00:${String(seq).padStart(2, '0')}.000Z`, entityType: 'case', entityId: 'C1.X', cycleId: 'C1', caseId: 'C1.X',
    event, fromState: null, toState: null, actor: 'ana', comment: null, payload: {}, prevHash: '', hash: '', ...fields,
  };
}
const content = (title: string) => ({ kind: 'media', title, stance: 'supports' });

describe('as-of reducer', () => {
  const rows: JournalRow[] = [
    row('OPEN_CYCLE', { entityType: 'cycle', entityId: 'C1', caseId: null, toState: 'assessing', actor: 'man', payload: { version: 1, statuteId: 'S', fiscalYear: 2014, appropriatedCents: 100, withheldBasisPoints: 1500, withheldCents: 15, obligationDeadline: '2015-09-30' } }),
    row('OPEN_CASE', { toState: 'evidenceGathering', actor: 'man', payload: { version: 1, criterionCode: 'X' } }),
    row('ADD_EVIDENCE', { fromState: 'evidenceGathering', toState: 'evidenceGathering', payload: { version: 2, evidenceId: 'e1', revision: 1, contentHash: 'h1', content: content('one') } }),
    row('PROPOSE_FINDING', { fromState: 'evidenceGathering', toState: 'evidenceGathering', payload: { version: 3, rating: 'met', rationale: 'r', narrative: 'n' } }),
    row('REVISE_EVIDENCE', { fromState: 'evidenceGathering', toState: 'evidenceGathering', actor: 'bo', payload: { version: 4, evidenceId: 'e1', revision: 2, contentHash: 'h2', content: content('two') } }),
    row('SUBMIT_FOR_REVIEW', { fromState: 'evidenceGathering', toState: 'inReview', payload: { version: 5 } }),
    row('APPROVE', { fromState: 'inReview', toState: 'approved', actor: 'rev', payload: { version: 6, finding: { rating: 'met', approvedBy: 'rev' } } }),
    row('REOPEN', { fromState: 'approved', toState: 'evidenceGathering', actor: 'man', comment: 'why', payload: { version: 7 } }),
    row('RETRACT_EVIDENCE', { fromState: 'evidenceGathering', toState: 'evidenceGathering', comment: 'gone', payload: { version: 8, evidenceId: 'e1', revision: 2, reason: 'gone' } }),
    row('DECIDE_WITHHOLD', { entityType: 'cycle', entityId: 'C1', caseId: null, fromState: 'memoDrafted', toState: 'withheld', actor: 'man', payload: { version: 3, decision: { type: 'withhold' } } }),
  ];
  const upTo = (n: number) => rows.slice(0, n);

  it('has nothing before the case was opened', () => {
    expect(reduceCase('C1.X', upTo(1))).toBeNull();
    expect(reduceCycle('C1', [])).toBeNull();
  });

  it('follows evidence revisions and retraction', () => {
    const afterAdd = reduceCase('C1.X', upTo(3))!;
    expect(afterAdd.evidence).toEqual([expect.objectContaining({ id: 'e1', revision: 1, retracted: false, createdBy: 'ana' })]);
    const afterRevise = reduceCase('C1.X', upTo(5))!;
    expect(afterRevise.evidence[0].revision).toBe(2);
    expect(afterRevise.evidence[0].revisions.map((r) => [r.revision, r.contentHash, r.revisedBy, r.content.title])).toEqual([[1, 'h1', 'ana', 'one'], [2, 'h2', 'bo', 'two']]);
    // Earlier results are not changed by later reductions.
    expect(afterAdd.evidence[0].revisions).toHaveLength(1);
    const retracted = reduceCase('C1.X', upTo(9))!;
    expect(retracted.evidence[0]).toMatchObject({ retracted: true, retractedReason: 'gone', retractedBy: 'ana', retractedAt: rows[8].at });
  });

  it('resumes from a stored state without changing it, and ends where a full replay ends', () => {
    const caseRows = rows.filter((r) => r.caseId === 'C1.X');
    const start = CaseFold.open(caseRows[0])!;
    for (const r of caseRows.slice(0, 2)) start.apply(r);
    // As read from the stored states: one read state, frozen here, shared by every fold.
    const stored = decodeCaseState(start.encode());
    Object.freeze(stored.header);
    Object.freeze(stored.items);
    const before = JSON.stringify(stored);
    for (const end of [caseRows.length, 4]) {
      const resumed = CaseFold.resume(stored);
      for (const r of caseRows.slice(2, end)) resumed.apply(r);
      expect(resumed.view()).toEqual(reduceCase('C1.X', caseRows.slice(0, end)));
      expect(resumed.evidenceCount).toBe(1);
      expect(resumed.evidencePage(0, 50)).toEqual(reduceCase('C1.X', caseRows.slice(0, end))!.evidence);
      expect(resumed.evidencePage(1, 50)).toEqual([]);
    }
    expect(JSON.stringify(stored)).toBe(before);
  });

  it('follows the workflow: submitter, approved finding, reopen', () => {
    expect(reduceCase('C1.X', upTo(6))).toMatchObject({ state: 'inReview', version: 5, submittedBy: 'ana', finding: null, proposedFinding: { rating: 'met' } });
    expect(reduceCase('C1.X', upTo(7))).toMatchObject({ state: 'approved', version: 6, finding: { rating: 'met', approvedBy: 'rev' } });
    expect(reduceCase('C1.X', upTo(8))).toMatchObject({ state: 'evidenceGathering', version: 7, finding: null, submittedBy: 'ana', updatedAt: rows[7].at, lastSeq: rows[7].seq });
  });

  it('rebuilds a cycle with its cases and decision', () => {
    expect(reduceCycle('C1', upTo(1))).toMatchObject({ state: 'assessing', version: 1, withheldCents: 15, cases: [], decision: null });
    const decided = reduceCycle('C1', rows)!;
    expect(decided).toMatchObject({ state: 'withheld', version: 3, decision: { type: 'withhold' } });
    expect(decided.cases.map((c) => [c.id, c.state])).toEqual([['C1.X', 'evidenceGathering']]);
    const resumed = reduceCycle('C1', [...rows, row('RESUME_ASSESSMENT', { entityType: 'cycle', entityId: 'C1', caseId: null, toState: 'assessing', payload: { version: 4 } })])!;
    expect(resumed).toMatchObject({ state: 'assessing', decision: null });
  });

  it('ignores rows of other records', () => {
    const other = row('OPEN_CASE', { caseId: 'C1.Y', entityId: 'C1.Y', toState: 'evidenceGathering', payload: { version: 1, criterionCode: 'Y' } });
    expect(reduceCase('C1.X', [other])).toBeNull();
    expect(reduceCase('C1.X', rows)!.evidence).toHaveLength(1);
  });
});
