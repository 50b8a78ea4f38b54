import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canMount, mountSmallDisk } from './support/small-disk';
import { api, exitOf, signIn, startServerProcess } from './support/server-process';
import { adminQuery, createPgDatabase } from './support/pg-database';
import { createTestApp, testDatabases } from './support/test-app';

// Start-up refuses what it cannot do with one line and a non-zero exit, and leaves nothing
// half done behind: a second process on one SQLite file, a disk that fills during the seed.
describe('start-up (SQLite, server processes)', () => {
  it('refuses a second process on the same SQLite file with one line naming the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-two-'));
    const env = { DATABASE_PATH: path.join(dir, 'desk.sqlite') };
    const first = await startServerProcess(env);
    try {
      const second = await exitOf(env);
      expect(second.code).not.toBe(0);
      expect(second.output.trim().split('\n')).toEqual([expect.stringMatching(/^Cannot start: the SQLite database .*desk\.sqlite is in use by another desk process/)]);
      // The first one goes on working.
      expect((await api(first.base, 'GET', '/api/health')).body.status).toBe('ok');
    } finally {
      await first.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Server processes start from the TypeScript sources: slow on a busy machine.
  }, 180_000);

  (canMount ? it : it.skip)('stops with one line when the disk fills during the first seed, and the next start finishes the seed', async () => {
    const reference = await createTestApp();
    const expectedRows = Number((await reference.sql<{ n: number }>('SELECT COUNT(*) AS n FROM journal'))[0].n);
    await reference.close();

    const disk = mountSmallDisk(1200);
    try {
      const env = { DATABASE_PATH: `${disk.dir}/desk.sqlite` };
      const failed = await exitOf(env);
      expect(failed.code).not.toBe(0);
      expect(failed.output).toMatch(/^Cannot start: .*SQLITE_FULL/m);
      expect(failed.output).not.toMatch(/^\s+at /m);
      disk.resize(32 * 1024);
      const server = await startServerProcess(env);
      try {
        const auditor = await signIn(server.base, 'auditor');
        const history = await api(server.base, 'GET', '/api/history?pageSize=1', auditor);
        expect(history.body.total).toBe(expectedRows);
        const cycle = await api(server.base, 'GET', '/api/cycles/MX-FY2014', auditor);
        expect(cycle.body.cases.map((c: { state: string }) => c.state)).toEqual(['approved', 'approved', 'approved', 'approved']);
        expect((await api(server.base, 'GET', '/api/audit/verify', auditor)).body.ok).toBe(true);
      } finally {
        await server.stop();
      }
    } finally {
      disk.unmount();
    }
  }, 240_000);
});

describe('start-up (PostgreSQL, server process)', () => {
  // Writes begin with a bare START TRANSACTION and so take the server's default isolation.
  (testDatabases().includes('postgres') ? it : it.skip)('refuses a database whose default isolation is not READ COMMITTED, with one line', async () => {
    const database = await createPgDatabase('isolation');
    try {
      const name = new URL(database.url).pathname.slice(1);
      await adminQuery(`ALTER DATABASE ${name} SET default_transaction_isolation = 'repeatable read'`);
      const started = await exitOf({ DATABASE_URL: database.url });
      expect(started.code).not.toBe(0);
      expect(started.output.trim().split('\n')).toEqual([expect.stringMatching(/^Cannot start: PostgreSQL's default_transaction_isolation is 'repeatable read': the desk needs 'read committed'/)]);
    } finally {
      await database.drop();
    }
  }, 180_000);
});
