import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { api, ServerProcess, signIn, startServerProcess } from './support/server-process';
import { testDatabases } from './support/test-app';
import { createPgDatabase } from './support/pg-database';

// Two desk processes on one PostgreSQL database: parallel creates of one cycle (by id, and
// by statute and fiscal year) and of one username, spread over both. Exactly one wins,
// every other request answers 409 with a code, none 500.
(testDatabases().includes('postgres') ? describe : describe.skip)('races on a unique key across two servers (postgres)', () => {
  const servers: ServerProcess[] = [];
  let database: Awaited<ReturnType<typeof createPgDatabase>>;

  beforeAll(async () => {
    database = await createPgDatabase('race');
    // One deployment: both servers publish to one checkpoint directory of this test's own.
    const checkpoints = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-race-checkpoints-'));
    const env = { DATABASE_URL: database.url, JWT_SECRET: 'one-secret-shared-by-both-servers', CHECKPOINT_DIR: checkpoints };
    // The first migrates and seeds; the second starts on the ready database.
    servers.push(await startServerProcess(env));
    servers.push(await startServerProcess(env));
  }, 240_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
  });

  const spread = (count: number, send: (base: string, i: number) => Promise<{ status: number; body: any }>) =>
    Promise.all(Array.from({ length: count }, (_, i) => send(servers[i % 2].base, i)));

  it('answers one 201 and 39 409 CYCLE_EXISTS for 40 parallel opens of one statute and year', async () => {
    const manager = await signIn(servers[0].base, 'manager');
    const responses = await spread(40, (base, i) =>
      api(base, 'POST', '/api/cycles', manager, { id: `MX-FY2031-${i % 4}`, statuteId: 'PL111-8-MX', fiscalYear: 2031, appropriatedCents: 100_000_00, obligationDeadline: '2032-09-30' }),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(39).fill(409)]);
    expect(new Set(responses.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['CYCLE_EXISTS']));
  });

  it('answers one 201 and 409 USERNAME_TAKEN for parallel creates of one username', async () => {
    const admin = await signIn(servers[1].base, 'admin');
    const responses = await spread(12, (base) => api(base, 'POST', '/api/users', admin, { username: 'newcomer', displayName: 'New', password: 'a-long-password-1', roles: ['analyst'] }));
    expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(11).fill(409)]);
    expect(new Set(responses.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['USERNAME_TAKEN']));
  });

  it('keeps the journal verifiable after the races', async () => {
    const verify = await api(servers[0].base, 'GET', '/api/audit/verify', await signIn(servers[0].base, 'auditor'));
    expect(verify.body).toMatchObject({ ok: true });
  });
});
