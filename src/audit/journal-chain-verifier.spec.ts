import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { BROKEN_RANGES_LISTED, ChainVerifier } from './journal-chain-verifier';
import { canonicalJournalText, GENESIS_HASH, journalEntryHash } from './journal-hash';
import type { JournalValues } from './journal-row';

// The chain verifier's verdicts row by row and at the end, on rows built in memory.

interface Row {
  seq: number; at: string; entityType: string; entityId: string; cycleId: string | null; caseId: string | null; event: string;
  fromState: string | null; toState: string | null; actor: string; comment: string | null; payload: unknown; prevHash: string; hash: string;
}

function withHash(row: Omit<Row, 'hash'>): Row {
  return { ...row, hash: journalEntryHash({ ...row, payload: JSON.parse(row.payload as string) }) };
}

function chain(n: number): Row[] {
  const rows: Row[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const row = withHash({
      seq, at: '2030-01-01T00:00:00.000Z', entityType: 'case', entityId: 'c', cycleId: null, caseId: 'c', event: 'E', fromState: null, toState: 'a',
      actor: 'a', comment: null, payload: canonicalJson({ n: seq }), prevHash,
    });
    rows.push(row);
    prevHash = row.hash;
  }
  return rows;
}

const values = (r: Row): JournalValues => [r.seq, r.at, r.entityType, r.entityId, r.cycleId, r.caseId, r.event, r.fromState, r.toState, r.actor, r.comment, r.payload, r.prevHash, r.hash] as JournalValues;
const text = (r: Row) => canonicalJournalText(r.seq, r.at, r.entityType, r.entityId, r.cycleId, r.caseId, r.event, r.fromState, r.toState, r.actor, r.comment, r.payload as string, r.prevHash);
const head = (rows: Row[], over: Partial<{ headSeq: number; headHash: string; maxSeq: number | null }> = {}) => ({
  headSeq: rows.length, headHash: rows[rows.length - 1]?.hash ?? GENESIS_HASH, maxSeq: rows.length || null, ...over,
});

function verify(rows: Row[], over: Parameters<typeof head>[1] = {}) {
  const verifier = new ChainVerifier();
  const intact = rows.map((row) => verifier.pushValues(values(row)));
  return { intact, result: verifier.finish(head(rows, over)) };
}

describe('chain verifier', () => {
  it('joins adjacent rows whose payload is not text into one range, each row reported broken', () => {
    const rows = chain(5);
    rows[1] = { ...rows[1], payload: 42 };
    rows[2] = { ...rows[2], payload: 43 };
    const { intact, result } = verify(rows);
    expect(intact).toEqual([true, false, false, true, true]);
    expect(result.broken).toEqual([{ fromSeq: 2, toSeq: 3, reason: 'rows 2-3 do not match their hashes' }]);
    expect(result).toMatchObject({ ok: false, checked: 1, brokenTotal: 1 });
  });

  it('joins adjacent rows that do not link into one range', () => {
    const rows = chain(5);
    // Row 3 re-hashed on a forged link; row 4 still links to the old row 3.
    rows[2] = withHash({ ...rows[2], prevHash: 'f'.repeat(64) });
    const { intact, result } = verify(rows);
    expect(intact).toEqual([true, true, false, false, true]);
    expect(result.broken).toEqual([{ fromSeq: 3, toSeq: 4, reason: 'rows 3-4 do not link to the hash of the row before them' }]);
  });

  it('names a first row that does not start from the genesis hash', () => {
    const rows = chain(1);
    rows[0] = withHash({ ...rows[0], prevHash: 'e'.repeat(64) });
    expect(verify(rows).result.broken[0]).toEqual({ fromSeq: 1, toSeq: 1, reason: 'row 1 does not start from the genesis hash' });
  });

  it('names rows missing before the head, a head that does not match, and rows beyond it', () => {
    const rows = chain(3);
    expect(verify(rows, { headSeq: 5, headHash: 'x', maxSeq: 5 }).result.broken).toEqual([
      { fromSeq: 4, toSeq: 5, reason: 'row 4 is missing (the journal head is at 5)' },
    ]);
    expect(verify(rows, { headHash: 'd'.repeat(64) }).result).toMatchObject({
      ok: false, checked: 3, broken: [{ fromSeq: 3, toSeq: 3, reason: 'the journal head does not match the hash of row 3' }],
    });
    expect(verify(rows, { maxSeq: 7 }).result.broken).toEqual([{ fromSeq: 4, toSeq: 7, reason: 'rows after 3 were not written through the journal head' }]);
    expect(verify(rows, { maxSeq: null }).result).toMatchObject({ ok: true, broken: [] });
  });

  it('lists the first ranges and counts them all', () => {
    const rows = chain(2 * BROKEN_RANGES_LISTED + 5);
    // Every other row changed: one range each.
    for (let i = 1; i < rows.length; i += 2) rows[i] = { ...rows[i], comment: 'changed' };
    const { result } = verify(rows);
    expect(result.broken).toHaveLength(BROKEN_RANGES_LISTED);
    expect(result.brokenTotal).toBe(BROKEN_RANGES_LISTED + 2);
  });

  it('keeps the roots at the sizes it watches, and only those', () => {
    const rows = chain(5);
    const watching = new ChainVerifier(undefined, [3]);
    const three = new ChainVerifier();
    for (const row of rows) watching.pushValues(values(row));
    for (const row of rows.slice(0, 3)) three.pushValues(values(row));
    expect(watching.rootAt(3)?.equals(three.root())).toBe(true);
    expect(watching.rootAt(2)).toBeUndefined();
    expect(watching.rootAt(5)).toBeUndefined();
    expect(watching.treeSize).toBe(5);
  });

  describe('its fast path', () => {
    const rows = chain(3);
    const confirmed = (verifier: ChainVerifier, row: Row, t: unknown = text(row)) => verifier.confirmHashed(row.seq, t, row.hash, typeof t === 'string' && sha256Hex(t) === row.hash);

    it('confirms in order, and refuses a row offered out of its place even when it links', () => {
      const verifier = new ChainVerifier();
      expect(confirmed(verifier, rows[0])).toBe(true);
      // Row 2's text links to row 1 and hashes to its hash, but is offered as row 3.
      expect(verifier.confirmHashed(3, text(rows[1]), rows[1].hash, true)).toBe(false);
      expect(verifier.lastSeq).toBe(1);
      expect(confirmed(verifier, rows[1])).toBe(true);
    });

    it('refuses what is not text, and a hash that is not text, without throwing', () => {
      const verifier = new ChainVerifier();
      expect(verifier.confirmHashed(1, null, rows[0].hash, true)).toBe(false);
      expect(verifier.confirmHashed(1, text(rows[0]), 42, true)).toBe(false);
      expect(verifier.lastSeq).toBe(0);
    });

    it('reads the link from the last prevHash member, up to its closing quote', () => {
      const verifier = new ChainVerifier();
      // A member at the very start of the text is still found.
      expect(verifier.confirmHashed(1, `,"prevHash":"${GENESIS_HASH}"`, rows[0].hash, true)).toBe(true);
      const next = new ChainVerifier();
      // The previous hash followed by more digits is another hash: no link.
      expect(next.confirmHashed(1, `{"a":1,"prevHash":"${GENESIS_HASH}ff"}`, rows[0].hash, true)).toBe(false);
      expect(next.confirmHashed(1, '{"noLink":true}', rows[0].hash, true)).toBe(false);
    });
  });
});
