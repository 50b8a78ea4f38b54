import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { canonicalJournalContent, GENESIS_HASH, HashedJournalContent, journalEntryHash } from './journal-hash';

describe('journal hash', () => {
  const base: HashedJournalContent = {
    seq: 12, at: '2030-01-01T00:00:00.000Z', entityType: 'case', entityId: 'MX-FY2014.MX-FY14-TORTURE', cycleId: 'MX-FY2014', caseId: 'MX-FY2014.MX-FY14-TORTURE',
    event: 'APPROVE', fromState: 'inReview', toState: 'approved', actor: 'reviewer', comment: null, payload: { version: 7, finding: { rating: 'met', approvedBy: 'reviewer' } },
    prevHash: GENESIS_HASH,
  };
  const variants: HashedJournalContent[] = [
    base,
    { ...base, comment: 'Quote " backslash \\ newline \n tab \t unicode é 中 \u2028 emoji 😀', cycleId: null, caseId: null, fromState: null, toState: null },
    { ...base, payload: {}, seq: 1 },
    { ...base, payload: { z: [3, { b: null, a: 'x' }], a: -1.5, m: true, n: undefined } as Record<string, unknown> },
    { ...base, comment: undefined as unknown as null },
  ];

  it('writes the same bytes as the generic canonical encoder', () => {
    for (const content of variants) {
      const { seq, at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, payload, prevHash } = content;
      const generic = canonicalJson({ seq, at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, payload, prevHash });
      expect(canonicalJournalContent(content)).toBe(generic);
      expect(journalEntryHash(content)).toBe(sha256Hex(generic));
    }
  });

  it('ignores extra members such as the stored hash, and changes with any hashed one', () => {
    expect(journalEntryHash({ ...base, hash: 'abc' } as HashedJournalContent)).toBe(journalEntryHash(base));
    for (const change of [{ seq: 13 }, { comment: '' }, { actor: 'reviewer2' }, { payload: { version: 8 } }, { prevHash: 'f'.repeat(64) }]) {
      expect(journalEntryHash({ ...base, ...change })).not.toBe(journalEntryHash(base));
    }
  });
});
