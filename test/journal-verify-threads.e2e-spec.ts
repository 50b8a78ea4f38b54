import { canonicalJson, sha256Hex } from '../src/common/canonical-json';
import { journalEntryHash, PG_CANONICAL_JOURNAL_TEXT, SQLITE_CANONICAL_JOURNAL_TEXT } from '../src/audit/journal-hash';
import { VERIFY_THREAD_FROM } from '../src/audit/verify/journal-verify.service';
import { ReadingThreadSource } from '../src/audit/verify/text-sources';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// A journal long enough that verification reads (SQLite) or hashes (PostgreSQL) on a second
// thread: the same verdicts as on one thread, intact and tampered, through the API.
describe.each(testDatabases())('verification on a second thread (%s)', (database) => {
  let t: TestApp;
  let auditor: string, analyst: string;
  let filledFrom: number, headSeq: number;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const p = (n: number) => (database === 'postgres' ? `$${n}` : '?');
  const verify = async () => (await t.http.get('/api/audit/verify').set(auth(auditor)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ database });
    [auditor, analyst] = await Promise.all(['auditor', 'analyst'].map((u) => t.token(u)));
    const [head] = await t.sql('SELECT seq, hash FROM journal_head WHERE id = 1');
    filledFrom = Number(head.seq) + 1;
    // Valid chained rows appended directly (as a journal grown over years would be), for
    // users the desk does not have: they reconcile with nothing and change no live table.
    let seq = Number(head.seq);
    let prevHash = String(head.hash);
    const rows: unknown[][] = [];
    for (let i = 0; i < VERIFY_THREAD_FROM + 2_500; i += 1) {
      seq += 1;
      const content = {
        seq, at: new Date(Date.UTC(2031, 0, 1) + i * 1000).toISOString(), entityType: 'user', entityId: `archived-${i % 40}`, cycleId: null, caseId: null,
        event: 'USER_ROLES_CHANGED', fromState: null, toState: null, actor: 'archive', comment: i % 7 === 0 ? `note "${i}" \\ é\n\t\u0001\u001f\u007f \u2028 😀` : null,
        payload: { before: ['analyst'], after: ['reviewer'] }, prevHash,
      };
      const hash = journalEntryHash(content);
      rows.push([seq, content.at, content.entityType, content.entityId, null, null, content.event, null, null, content.actor, content.comment, canonicalJson(content.payload), prevHash, hash]);
      prevHash = hash;
    }
    const columns = 'seq, at, entity_type, entity_id, cycle_id, case_id, event, from_state, to_state, actor, comment, payload, prev_hash, hash';
    for (let at = 0; at < rows.length; at += 500) {
      const chunk = rows.slice(at, at + 500);
      await t.sql(`INSERT INTO journal (${columns}) VALUES ${chunk.map((_, j) => `(${Array.from({ length: 14 }, (__, k) => p(j * 14 + k + 1)).join(', ')})`).join(', ')}`, chunk.flat());
    }
    await t.sql(`UPDATE journal_head SET seq = ${p(1)}, hash = ${p(2)} WHERE id = 1`, [seq, prevHash]);
    // One write through the desk: its integration builds the tree over the rows and signs the head.
    const [open] = await t.sql(`SELECT id FROM cases WHERE state = 'evidenceGathering' ORDER BY id`);
    await t.http.post(`/api/cases/${open.id}/evidence`).set(auth(analyst)).send(evidenceBody()).expect(201);
    headSeq = Number((await t.sql('SELECT seq FROM journal_head WHERE id = 1'))[0].seq);
    if (database === 'postgres') await t.sql('DROP TRIGGER journal_no_change ON journal');
    else for (const name of ['journal_no_update', 'journal_no_delete']) await t.sql(`DROP TRIGGER ${name}`);
  }, 120_000);
  afterAll(async () => t?.close());

  // The fast path's texts are assembled by the database: every row's, seeded and appended, must hash to its hash.
  it('assembles in SQL, for every row, the canonical text that was hashed', async () => {
    const expression = database === 'postgres' ? PG_CANONICAL_JOURNAL_TEXT : SQLITE_CANONICAL_JOURNAL_TEXT;
    const rows = (await t.sql(`SELECT seq, ${expression} AS text, hash FROM journal ORDER BY seq`)) as Array<{ seq: string; text: string; hash: string }>;
    expect(rows.length).toBe(headSeq);
    expect(rows.filter((row) => sha256Hex(row.text) !== row.hash).map((row) => row.seq)).toEqual([]);
  });

  it('verifies the long journal, its tree, its signed head and the reconciliation', async () => {
    expect(headSeq - filledFrom).toBeGreaterThan(VERIFY_THREAD_FROM);
    const threaded = jest.spyOn(ReadingThreadSource.prototype, 'read');
    const result = await verify();
    expect(threaded.mock.calls.length).toBeGreaterThan(2);
    threaded.mockRestore();
    expect(result).toMatchObject({
      ok: true, checked: headSeq, headSeq, broken: [], tree: { ok: true }, signedHead: { ok: true }, reconciliation: { ok: true },
    });
  });

  it('names every changed row, past the first batch and across the fill', async () => {
    const seqs = [filledFrom + 4_321, filledFrom + 9_000, filledFrom + 9_001];
    const before = await Promise.all(seqs.map(async (seq) => (await t.sql(`SELECT comment FROM journal WHERE seq = ${p(1)}`, [seq]))[0].comment));
    for (const seq of seqs) await t.sql(`UPDATE journal SET comment = ${p(1)} WHERE seq = ${p(2)}`, ['rewritten', seq]);
    const result = await verify();
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: seqs[0], checked: seqs[0] - 1, brokenTotal: 2 });
    expect(result.broken.map((b: { fromSeq: number; toSeq: number }) => [b.fromSeq, b.toSeq])).toEqual([[seqs[0], seqs[0]], [seqs[1], seqs[2]]]);
    // Put back, the journal verifies again.
    for (const [i, seq] of seqs.entries()) await t.sql(`UPDATE journal SET comment = ${p(1)} WHERE seq = ${p(2)}`, [before[i], seq]);
    expect(await verify()).toMatchObject({ ok: true, checked: headSeq });
  });

  // Last: it deletes rows. A gap wider than a batch is crossed, and rows after it are still checked.
  it('names a gap wider than a batch and still checks the rows after it', async () => {
    const from = filledFrom + 2_000;
    const to = from + 4_499;
    await t.sql(`DELETE FROM journal WHERE seq >= ${p(1)} AND seq <= ${p(2)}`, [from, to]);
    await t.sql(`UPDATE journal SET comment = ${p(1)} WHERE seq = ${p(2)}`, ['rewritten', to + 1_000]);
    const result = await verify();
    expect(result.broken.map((b: { fromSeq: number; toSeq: number }) => [b.fromSeq, b.toSeq])).toEqual([[from, to], [to + 1_000, to + 1_000]]);
    expect(result.broken[0].reason).toContain(`row ${from} is missing`);
  });
});
