import { canMount, mountSmallDisk, SmallDisk } from './support/small-disk';
import { api, ServerProcess, signIn, startServerProcess } from './support/server-process';
import { evidenceBody } from './support/test-app';

const CASES = ['CA-FY2008.CA-FY08-POLICE-COMPLAINTS', 'CA-FY2008.CA-FY08-JUDICIARY', 'CA-FY2008.CA-FY08-PROSECUTE'];

// The disk under the SQLite file fills up during a write load and is freed again, with a
// real server process. Nothing acknowledged may be missing after a restart; clients see
// only 2xx or 503; the journal verifies; writes come back without a restart.
(canMount ? describe : describe.skip)('a full disk under write load (SQLite, server process)', () => {
  let disk: SmallDisk;
  let server: ServerProcess | undefined;

  beforeAll(() => {
    disk = mountSmallDisk(24 * 1024);
  });
  afterAll(async () => {
    await server?.stop();
    disk.unmount();
  });

  it('acknowledges only stored writes, answers 503 while full, recovers by itself, and loses nothing across a restart', async () => {
    const env = { DATABASE_PATH: `${disk.dir}/desk.sqlite`, JWT_SECRET: 'a-fixed-secret-for-the-restart-test' };
    server = await startServerProcess(env);
    const analyst = await signIn(server.base, 'analyst');
    const acknowledged: { caseId: string; id: string }[] = [];
    const statuses = new Map<number, number>();
    let n = 0;
    let phase: 'before' | 'full' | 'freed' = 'before';
    const ackedAfterFree = () => acknowledged.filter((a) => a.id.startsWith('freed')).length;
    const client = async () => {
      while (phase !== 'freed' || ackedAfterFree() < 30) {
        const caseId = CASES[n % CASES.length];
        const title = `${phase} ${++n}`;
        const response = await api(server!.base, 'POST', `/api/cases/${caseId}/evidence`, analyst, evidenceBody({ title, summary: 'y'.repeat(3000) }));
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 201) acknowledged.push({ caseId, id: title.startsWith('freed') ? `freed:${response.body.id}` : String(response.body.id) });
        else if (response.status === 503) {
          expect(response.body).toMatchObject({ statusCode: 503, code: 'STORAGE_UNAVAILABLE', message: expect.stringContaining('cannot take writes') });
          await new Promise((resolve) => setTimeout(resolve, 20));
        } else return;
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, client));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    disk.fill();
    phase = 'full';
    // Until a write needs a page the file system no longer has.
    for (let i = 0; i < 100 && !statuses.get(503); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const healthWhileFull = await api(server.base, 'GET', '/api/health');
    const readWhileFull = await api(server.base, 'GET', `/api/cases/${CASES[0]}`, analyst);
    disk.free();
    phase = 'freed';
    await load;
    const healthAfterFree = await api(server.base, 'GET', '/api/health');
    const log = server.output();
    await server.stop();

    server = await startServerProcess(env);
    const reader = await signIn(server.base, 'analyst');
    const stored = new Set<string>();
    for (const caseId of CASES) {
      const list = await api(server.base, 'GET', `/api/cases/${caseId}/evidence`, reader);
      for (const item of list.body as { id: string | number }[]) stored.add(String(item.id));
    }
    const missing = acknowledged.map((a) => a.id.replace(/^freed:/, '')).filter((id) => !stored.has(id));
    expect({ acknowledged: acknowledged.length, missing }).toEqual({ acknowledged: acknowledged.length, missing: [] });
    const verify = await api(server.base, 'GET', '/api/audit/verify', await signIn(server.base, 'auditor'));
    expect(verify.body).toMatchObject({ ok: true });
    expect([...statuses.keys()].filter((status) => status !== 201 && status !== 503)).toEqual([]);
    expect(statuses.get(503)).toBeGreaterThan(0);
    expect(healthWhileFull.body).toMatchObject({ status: 'degraded', storage: { writable: false, lastFault: { error: expect.stringContaining('SQLITE_FULL') } } });
    // Reads go on while writes are refused.
    expect(readWhileFull.status).toBe(200);
    expect(healthAfterFree.body).toMatchObject({ status: 'ok', storage: { writable: true } });
    expect(log).toMatch(/failed: SQLITE_FULL/);
    expect(log).toMatch(/takes writes again/);
  });
});
