import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { api, ServerProcess, signIn, startServerProcess } from './support/server-process';
import { evidenceBody, testDatabases } from './support/test-app';
import { createPgDatabase } from './support/pg-database';

const CASES = ['CA-FY2008.CA-FY08-POLICE-COMPLAINTS', 'CA-FY2008.CA-FY08-JUDICIARY', 'CA-FY2008.CA-FY08-PROSECUTE'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function evidenceIds(base: string, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const caseId of CASES) {
    const list = await api(base, 'GET', `/api/cases/${caseId}/evidence`, token);
    for (const item of list.body as Array<{ id: string | number }>) ids.add(String(item.id));
  }
  return ids;
}

// Journal entries are integrated after their transaction commits, by one integrator at a time.
// A server process killed while integrating leaves committed entries pending; the next
// integrator finishes them: nothing acknowledged is lost and the journal stays gapless.
describe('journal integration with a killed server process', () => {
  const servers: ServerProcess[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  const tmp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-integration-'));
    dirs.push(dir);
    return dir;
  };

  (testDatabases().includes('postgres') ? describe : describe.skip)('PostgreSQL, two processes', () => {
    let database: Awaited<ReturnType<typeof createPgDatabase>>;
    let url: URL;
    let db: Client;

    beforeAll(async () => {
      database = await createPgDatabase('int');
      url = new URL(database.url);
      db = new Client({ connectionString: database.url });
      await db.connect();
    });
    afterAll(async () => {
      await db?.end();
      await database?.drop();
    });

    it('finishes the batch of a process killed mid-batch from another process, and keeps one winner per contested event', async () => {
      const env = { DATABASE_URL: url.toString(), JWT_SECRET: 'a-fixed-secret-for-two-processes', CHECKPOINT_DIR: tmp() };
      const first = await startServerProcess(env);
      servers.push(first);
      const analyst = await signIn(first.base, 'analyst');
      const acknowledged: string[] = [];
      for (let i = 0; i < 6; i++) {
        const response = await api(first.base, 'POST', `/api/cases/${CASES[i % 3]}/evidence`, analyst, evidenceBody({ title: `before ${i}` }));
        expect(response.status).toBe(201);
        acknowledged.push(String(response.body.id));
      }

      // Hold the head row: the next integration stops at its last statement, its rows inserted, uncommitted.
      const holder = new Client({ connectionString: url.toString() });
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('SELECT seq FROM journal_head WHERE id = 1 FOR UPDATE');
      const inFlight = Array.from({ length: 5 }, (_, i) => api(first.base, 'POST', `/api/cases/${CASES[i % 3]}/evidence`, analyst, evidenceBody({ title: `in flight ${i}` })).catch(() => null));
      let waiting = 0;
      for (let i = 0; i < 100 && waiting === 0; i++) {
        await sleep(100);
        const rows = await db.query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE 'UPDATE journal_head%'", [url.pathname.slice(1)]);
        waiting = Number(rows.rows[0].n);
      }
      expect(waiting).toBe(1);
      const pending = Number((await db.query('SELECT count(*) AS n FROM journal_pending')).rows[0].n);
      expect(pending).toBeGreaterThan(0);

      first.child.kill('SIGKILL');
      await first.stop();
      await holder.query('COMMIT');
      await holder.end();
      // None of the in-flight writes was answered.
      expect((await Promise.all(inFlight)).filter((r) => r && r.status === 201)).toEqual([]);

      const second = await startServerProcess(env);
      servers.push(second);
      const third = await startServerProcess(env);
      servers.push(third);
      const reader = await signIn(second.base, 'analyst');
      const stored = await evidenceIds(second.base, reader);
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      expect(Number((await db.query('SELECT count(*) AS n FROM journal_pending')).rows[0].n)).toBe(0);
      // Every committed addition, answered or not, has its journal entry.
      const added = Number((await db.query("SELECT count(*) AS n FROM journal WHERE event = 'ADD_EVIDENCE'")).rows[0].n);
      expect(added).toBe(Number((await db.query('SELECT count(*) AS n FROM evidence')).rows[0].n));

      // Two processes on one database: one winner per contested event, the journal gapless and verifying.
      const tokens = [reader, await signIn(third.base, 'analyst')];
      const bases = [second.base, third.base];
      const caseId = CASES[0];
      await api(second.base, 'PUT', `/api/cases/${caseId}/proposed-finding`, reader, { rating: 'met', rationale: 'r', narrative: 'n' });
      const contested = await Promise.all(Array.from({ length: 8 }, (_, i) => api(bases[i % 2], 'POST', `/api/cases/${caseId}/events`, tokens[i % 2], { type: 'SUBMIT_FOR_REVIEW' })));
      expect(contested.map((r) => r.status).sort()).toEqual([200, ...Array(7).fill(409)]);
      const parallel = await Promise.all(Array.from({ length: 20 }, (_, i) => api(bases[i % 2], 'POST', `/api/cases/${CASES[1 + (i % 2)]}/evidence`, tokens[i % 2], evidenceBody({ title: `parallel ${i}` }))));
      expect(parallel.every((r) => r.status === 201)).toBe(true);

      const seqs = (await db.query('SELECT seq FROM journal ORDER BY seq')).rows.map((r) => Number(r.seq));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const verify = await api(third.base, 'GET', '/api/audit/verify', await signIn(third.base, 'auditor'));
      expect(verify.body).toMatchObject({ ok: true, broken: [], unintegrated: { count: 0 }, signedHead: { ok: true } });
      // Per-record order: a case's versions appear in the journal in increasing order.
      const versions = (await db.query("SELECT payload FROM journal WHERE case_id = $1 AND payload LIKE '%\"version\"%' ORDER BY seq", [CASES[1]])).rows.map((r) => JSON.parse(r.payload).version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }, 240_000);
  });

  (testDatabases().includes('sqlite') ? it : it.skip)('SQLite: a process killed under write load loses no acknowledged write and leaves a verifying journal', async () => {
    const env = { DATABASE_PATH: path.join(tmp(), 'desk.sqlite'), JWT_SECRET: 'a-fixed-secret-for-the-restart-test' };
    const first = await startServerProcess(env);
    servers.push(first);
    const analyst = await signIn(first.base, 'analyst');
    const acknowledged: string[] = [];
    let stop = false;
    const client = async (k: number) => {
      for (let i = 0; !stop; i++) {
        const response = await api(first.base, 'POST', `/api/cases/${CASES[(k + i) % 3]}/evidence`, analyst, evidenceBody({ title: `load ${k}.${i}` })).catch(() => null);
        if (response?.status === 201) acknowledged.push(String(response.body.id));
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, (_, k) => client(k)));
    // Bounded: a load that is refused throughout fails the test instead of spinning.
    for (const deadline = Date.now() + 60_000; acknowledged.length < 40 && Date.now() < deadline; ) await sleep(20);
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    first.child.kill('SIGKILL');
    stop = true;
    await load;
    await first.stop();

    const second = await startServerProcess(env);
    servers.push(second);
    const stored = await evidenceIds(second.base, await signIn(second.base, 'analyst'));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    const verify = await api(second.base, 'GET', '/api/audit/verify', await signIn(second.base, 'auditor'));
    expect(verify.body).toMatchObject({ ok: true, broken: [], unintegrated: { count: 0 } });
  }, 240_000);
});
