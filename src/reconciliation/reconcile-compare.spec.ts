import { JournalFold } from '../audit/as-of-reducer';
import type { JournalRow } from '../audit/journal-row';
import { compareCase, compareCycle, compareDocument, compareEvidence, compareRevision, compareUser, LiveCase } from './reconcile-compare';

let seq = 0;
function row(entityType: JournalRow['entityType'], entityId: string, event: string, fields: Partial<JournalRow> = {}): JournalRow {
  seq += 1;
  return {
    seq, at: `2030-01-01T00:00:${String(seq).padStart(2, '0')}.000Z`, entityType, entityId, cycleId: 'C1', caseId: entityType === 'case' ? entityId : null,
    event, fromState: null, toState: null, actor: 'ana', comment: null, payload: {}, prevHash: '', hash: '', ...fields,
  };
}

describe('reconciliation comparisons', () => {
  const fold = new JournalFold({ keepContent: false });
  [
    row('cycle', 'C1', 'OPEN_CYCLE', { toState: 'assessing', payload: { version: 1, statuteId: 'S', fiscalYear: 2014, appropriatedCents: 100, withheldBasisPoints: 1500, withheldCents: 15, obligationDeadline: '2015-09-30' } }),
    row('case', 'C1.X', 'OPEN_CASE', { toState: 'evidenceGathering', payload: { version: 1, criterionCode: 'X' } }),
    row('case', 'C1.X', 'ADD_EVIDENCE', { payload: { version: 2, evidenceId: 'e1', revision: 1, contentHash: 'h1', content: { title: 'kept out', stance: 'supports', reliability: 'B' } } }),
    row('case', 'C1.X', 'SUBMIT_FOR_REVIEW', { toState: 'inReview', payload: { version: 3 } }),
    row('case', 'C1.X', 'APPROVE', { toState: 'approved', actor: 'rev', payload: { version: 4, finding: { rating: 'met', approvedBy: 'rev' } } }),
    row('user', 'ana', 'USER_CREATED', { cycleId: null, payload: { roles: ['reviewer', 'analyst'] } }),
    row('user', 'ana', 'USER_ROLES_CHANGED', { cycleId: null, payload: { before: ['analyst', 'reviewer'], after: ['analyst'] } }),
    row('user', 'bo', 'USER_CREATED', { cycleId: null, payload: { roles: ['auditor'] } }),
    row('user', 'bo', 'USER_DEACTIVATED', { cycleId: null }),
    row('document', 'd1', 'DOCUMENT_CREATED', { payload: { kind: 'decision_memo', number: 1, contentHash: 'dh' } }),
  ].forEach((r) => fold.apply(r));
  const liveCase: LiveCase = {
    id: 'C1.X', cycleId: 'C1', criterionCode: 'X', state: 'approved', version: 4, proposedRating: null, proposedRationale: null, proposedNarrative: null,
    finding: { approvedBy: 'rev', rating: 'met' }, submittedBy: 'ana',
  };

  it('finds the folded state equal to matching live rows', () => {
    expect(compareCase(fold.case('C1.X'), liveCase)).toEqual([]);
    expect(fold.case('C1.X')!.evidence[0].revisions[0].content).toEqual({ stance: 'supports', reliability: 'B' });
    const liveCycle = {
      id: 'C1', statuteId: 'S', statuteVersion: 'v1', recipient: 'MEX', fiscalYear: 2014, version: 1, obligationDeadline: '2015-09-30',
      tranches: [{ code: 'A', state: 'assessing', baseCents: 100, basisPoints: 1500, withheldCents: 15, decision: null }],
    };
    expect(compareCycle(fold.cycle('C1'), liveCycle)).toEqual([]);
    expect(compareCycle(fold.cycle('C1'), { ...liveCycle, tranches: [{ ...liveCycle.tranches[0], state: 'withheld', decision: { type: 'withhold' } }, { ...liveCycle.tranches[0], code: 'B' }] })).toEqual([
      { table: 'tranches', id: 'C1/A', field: 'state', journal: 'assessing', live: 'withheld' },
      { table: 'tranches', id: 'C1/A', field: 'decision', journal: null, live: { type: 'withhold' } },
      { table: 'tranches', id: 'C1/B', field: 'row', journal: null, live: 'present' },
    ]);
    expect(compareUser(fold.users.get('ana')!, { username: 'ana', roles: ['analyst'], active: true })).toEqual([]);
    expect(compareUser(fold.users.get('bo')!, { username: 'bo', roles: ['auditor'], active: false })).toEqual([]);
    const item = fold.case('C1.X')!.evidence[0];
    const liveItem = { id: 'e1', caseId: 'C1.X', currentRevision: 1, retracted: false, currentStance: 'supports', currentReliability: 'B' };
    expect(compareEvidence({ caseId: 'C1.X', item }, liveItem)).toEqual([]);
    expect(compareEvidence({ caseId: 'C1.X', item }, { ...liveItem, currentStance: 'contradicts', currentReliability: null })).toEqual([
      { table: 'evidence', id: 'e1', field: 'currentStance', journal: 'supports', live: 'contradicts' },
      { table: 'evidence', id: 'e1', field: 'currentReliability', journal: 'B', live: null },
    ]);
    expect(compareRevision(item.revisions[0], { evidenceId: 'e1', revision: 1, contentHash: 'h1', storedHash: 'h1' })).toEqual([]);
    expect(compareDocument(fold.documents.get('d1')!, { id: 'd1', cycleId: 'C1', kind: 'decision_memo', number: 1, contentHash: 'dh', storedHash: 'dh' })).toEqual([]);
  });

  it('names each differing field with both values', () => {
    expect(compareCase(fold.case('C1.X'), { ...liveCase, submittedBy: 'rev', finding: { rating: 'not_met', approvedBy: 'rev' } })).toEqual([
      { table: 'cases', id: 'C1.X', field: 'finding', journal: { rating: 'met', approvedBy: 'rev' }, live: { rating: 'not_met', approvedBy: 'rev' } },
      { table: 'cases', id: 'C1.X', field: 'submittedBy', journal: 'ana', live: 'rev' },
    ]);
    expect(compareCase(fold.case('C1.X'), { ...liveCase, proposedRating: 'met' })).toEqual([
      expect.objectContaining({ field: 'proposedFinding', journal: null, live: { rating: 'met', rationale: '', narrative: '' } }),
    ]);
    expect(compareUser(fold.users.get('bo')!, { username: 'bo', roles: ['auditor'], active: true })).toEqual([{ table: 'users', id: 'bo', field: 'active', journal: false, live: true }]);
    expect(compareUser(fold.users.get('ana')!, { username: 'ana', roles: ['reviewer', 'analyst'], active: true })).toEqual([
      { table: 'users', id: 'ana', field: 'roles', journal: ['analyst'], live: ['analyst', 'reviewer'] },
    ]);
    expect(compareRevision({ revision: 1, contentHash: 'h1', revisedAt: '', revisedBy: '', content: {} }, { evidenceId: 'e1', revision: 1, contentHash: 'h2', storedHash: 'h1' })).toEqual([
      { table: 'evidence_revisions', id: 'e1/1', field: 'contentHash', journal: 'h1', live: 'h2' },
    ]);
    expect(compareDocument(fold.documents.get('d1')!, { id: 'd1', cycleId: 'C1', kind: 'decision_memo', number: 1, contentHash: 'dh', storedHash: 'forged' })).toEqual([
      { table: 'documents', id: 'd1', field: 'storedContentHash', journal: 'dh', live: 'forged' },
    ]);
  });

  it('names a live row the journal never created', () => {
    expect(compareCase(null, liveCase)).toEqual([{ table: 'cases', id: 'C1.X', field: 'row', journal: null, live: 'present' }]);
    expect(compareUser(null, { username: 'x', roles: [], active: true })).toEqual([{ table: 'users', id: 'x', field: 'row', journal: null, live: 'present' }]);
  });
});
