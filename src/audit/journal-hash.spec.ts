import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { canonicalEntryText, canonicalJournalContent, canonicalJournalText, GENESIS_HASH, HashedJournalContent, journalEntryHash } from './journal-hash';

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

  it('builds the same text from stored columns, with the payload spliced in exactly as stored', () => {
    for (const content of variants.slice(0, 4)) {
      const { seq, at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, payload, prevHash } = content;
      const text = canonicalJournalText(seq, at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, canonicalJson(payload), prevHash);
      expect(text).toBe(canonicalJournalContent(content));
    }
    // An equivalent but differently spelled payload is a different text, so a rewritten payload cannot keep the hash.
    const spaced = canonicalJournalText(12, base.at, 'case', base.entityId, null, null, 'APPROVE', null, null, 'reviewer', null, '{ "version": 7 }', GENESIS_HASH);
    expect(spaced).toContain('"payload":{ "version": 7 },');
    expect(spaced).not.toBe(canonicalJournalText(12, base.at, 'case', base.entityId, null, null, 'APPROVE', null, null, 'reviewer', null, '{"version":7}', GENESIS_HASH));
  });

  it('encodes a pending entry as the row without seq and prevHash, which the integrator assigns', () => {
    for (const content of variants.slice(0, 4)) {
      const { at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, payload } = content;
      const text = canonicalEntryText(at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, canonicalJson(payload));
      expect(text).toBe(canonicalJson({ at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, payload }));
    }
  });

  it('refuses a row whose seq is not a finite number instead of hashing it', () => {
    expect(() => journalEntryHash({ ...base, seq: Number.NaN })).toThrow('Non-finite number');
    expect(() => journalEntryHash({ ...base, seq: Number.POSITIVE_INFINITY })).toThrow('Non-finite number');
  });
});
