import { ChainVerifier } from './journal-chain-verifier';
import { csvCell, csvLine } from './journal-export';
import { canonicalJournalText, GENESIS_HASH, journalEntryHash } from './journal-hash';
import { canonicalJson, sha256Hex } from '../common/canonical-json';

describe('CSV cells', () => {
  it('quotes per RFC 4180 only when needed and doubles quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvLine(['a', null, 'b'])).toBe('a,,b\r\n');
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    for (const start of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`).replace(/^"/, '').startsWith(`'${start}`)).toBe(true);
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('chain verifier', () => {
  function chain(n: number) {
    let prevHash = GENESIS_HASH;
    return Array.from({ length: n }, (_v, i) => {
      const content = {
        seq: i + 1, at: '2030-01-01T00:00:00.000Z', entityType: 'case', entityId: 'c', cycleId: null, caseId: 'c', event: 'E', fromState: null, toState: null,
        actor: 'a', comment: i === 1 ? 'x "y"' : null, payload: { b: 1, a: [i] }, prevHash,
      };
      const hash = journalEntryHash(content);
      prevHash = hash;
      return { ...content, payload: canonicalJson(content.payload), hash } as Record<string, unknown>;
    });
  }
  const run = (rows: Array<Record<string, unknown>>, head = { headSeq: rows.length, headHash: String(rows[rows.length - 1]?.hash ?? GENESIS_HASH), maxSeq: rows.length || null }) => {
    const verifier = new ChainVerifier();
    for (const row of rows) verifier.push(row);
    return verifier.finish(head);
  };

  it('hashes the documented canonical form', () => {
    const [row] = chain(1);
    expect(canonicalJson({ b: [1, { d: null, c: 'é' }], a: 1 })).toBe('{"a":1,"b":[1,{"c":"é","d":null}]}');
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts an intact chain and an empty journal', () => {
    expect(run(chain(5))).toMatchObject({ ok: true, checked: 5, firstBrokenSeq: null });
    expect(run([], { headSeq: 0, headHash: GENESIS_HASH, maxSeq: null })).toMatchObject({ ok: true, checked: 0, firstBrokenSeq: null });
  });

  it('names the first broken row: edit, gap, swap, truncation, rows beyond the head', () => {
    const edited = chain(5);
    edited[2] = { ...edited[2], comment: 'changed' };
    expect(run(edited)).toMatchObject({ ok: false, firstBrokenSeq: 3, checked: 2 });
    const gap = chain(5);
    expect(run([...gap.slice(0, 2), ...gap.slice(3)], { headSeq: 5, headHash: String(gap[4].hash), maxSeq: 5 })).toMatchObject({ firstBrokenSeq: 3 });
    const swapped = chain(5);
    const [a, b] = [swapped[1], swapped[2]];
    swapped[1] = { ...b, seq: 2 };
    swapped[2] = { ...a, seq: 3 };
    expect(run(swapped)).toMatchObject({ firstBrokenSeq: 2 });
    const full = chain(5);
    expect(run(full.slice(0, 4), { headSeq: 5, headHash: String(full[4].hash), maxSeq: 4 })).toMatchObject({ firstBrokenSeq: 5 });
    expect(run(full, { headSeq: 5, headHash: String(full[4].hash), maxSeq: 6 })).toMatchObject({ firstBrokenSeq: 6 });
  });

  it('names a payload respelled in an equivalent but non-canonical form, and one that is not JSON', () => {
    const intact = chain(4);
    expect(intact[2].payload).toBe('{"a":[2],"b":1}');
    for (const respelled of ['{"b":1,"a":[2]}', '{"a": [2], "b": 1}', '{"a":[2.0],"b":1}', '{"a":[2],"b":1}\n']) {
      const rows = chain(4);
      rows[2] = { ...rows[2], payload: respelled };
      expect(JSON.parse(respelled)).toEqual(JSON.parse(String(intact[2].payload)));
      expect(run(rows)).toEqual({
        ok: false, checked: 2, firstBrokenSeq: 3, reason: 'row 3 does not match its hash (its payload text is not the canonical form that was written)',
        broken: [{ fromSeq: 3, toSeq: 3, reason: 'row 3 does not match its hash (its payload text is not the canonical form that was written)' }], brokenTotal: 1,
      });
    }
    const garbled = chain(4);
    garbled[1] = { ...garbled[1], payload: 'not json' };
    expect(run(garbled)).toMatchObject({ ok: false, firstBrokenSeq: 2, reason: expect.stringContaining('not valid JSON') });
    const missing = chain(4);
    missing[1] = { ...missing[1], payload: null };
    expect(run(missing)).toMatchObject({ ok: false, firstBrokenSeq: 2, checked: 1 });
  });

  it('takes positional values (PostgreSQL BIGINT as text) the same as keyed rows', () => {
    const rows = chain(3);
    const values = rows.map((r) => [String(r.seq), r.at, r.entityType, r.entityId, r.cycleId, r.caseId, r.event, r.fromState, r.toState, r.actor, r.comment, r.payload, r.prevHash, r.hash]);
    const verifier = new ChainVerifier();
    for (const v of values) expect(verifier.pushValues(v)).toBe(true);
    expect(verifier.finish({ headSeq: 3, headHash: String(rows[2].hash), maxSeq: 3 })).toMatchObject({ ok: true, checked: 3, firstBrokenSeq: null });
    const tampered = new ChainVerifier();
    values[1][10] = 'a comment added later';
    expect(tampered.pushValues(values[0])).toBe(true);
    expect(tampered.pushValues(values[1])).toBe(false);
    expect(tampered.finish({ headSeq: 3, headHash: String(rows[2].hash), maxSeq: 3 })).toMatchObject({ firstBrokenSeq: 2, reason: 'row 2 does not match its hash (changed or moved)' });
  });

  // The fast path decides alone for the rows it confirms: it must refuse any text that does not
  // hash to the stored hash or does not carry the previous row's hash, and change nothing then.
  it('confirms on its fast path only a text that hashes to the row hash and links to the row before', () => {
    const rows = chain(3);
    const texts = rows.map((r) => canonicalJournalText(
      Number(r.seq), String(r.at), String(r.entityType), String(r.entityId), null, String(r.caseId), String(r.event), null, null, String(r.actor),
      (r.comment as string | null), String(r.payload), String(r.prevHash),
    ));
    const verifier = new ChainVerifier();
    const confirmText = (seq: number, text: string | null, hash: unknown) => verifier.confirmHashed(seq, text, hash, text !== null && sha256Hex(text) === hash);
    // A row whose text was not found to hash to its hash is never confirmed.
    expect(verifier.confirmHashed(1, texts[0], rows[0].hash, false)).toBe(false);
    expect(confirmText(1, `${texts[0]} `, rows[0].hash)).toBe(false);
    expect(confirmText(1, texts[0], rows[1].hash)).toBe(false);
    expect(confirmText(2, texts[1], rows[1].hash)).toBe(false);
    expect(confirmText(1, null, rows[0].hash)).toBe(false);
    expect(verifier.lastSeq).toBe(0);
    expect(confirmText(1, texts[0], rows[0].hash)).toBe(true);
    // Row 3's own text is intact, but it is offered where row 2 belongs.
    expect(confirmText(2, texts[2], rows[2].hash)).toBe(false);
    expect(confirmText(2, texts[1], rows[1].hash)).toBe(true);
    expect(confirmText(3, texts[2], rows[2].hash)).toBe(true);
    expect(verifier.finish({ headSeq: 3, headHash: String(rows[2].hash), maxSeq: 3 })).toMatchObject({ ok: true, checked: 3 });
  });
});
