import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { JwtService } from '@nestjs/jwt';
import { createTestApp, TestApp, testDatabases } from './support/test-app';

const run = promisify(execFile);

describe.each(testDatabases())('users, roles and sign-in (%s)', (database) => {
  let t: TestApp;
  let admin: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ database, env: { LOGIN_RATE_LIMIT: '5' } });
    admin = await t.token('admin');
  });
  afterAll(async () => t?.close());

  it('signs in with a bearer token that expires, and never reveals which part was wrong', async () => {
    const res = await t.http.post('/api/auth/login').send({ username: 'reviewer', password: 'demo' }).expect(200);
    expect(res.body).toMatchObject({ accessToken: expect.any(String), user: { username: 'reviewer', roles: ['reviewer'] } });
    const claims = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(t.config.jwtTtlSeconds);
    const wrong = await t.http.post('/api/auth/login').send({ username: 'reviewer', password: 'nope' }).expect(401);
    const unknown = await t.http.post('/api/auth/login').send({ username: 'nobody', password: 'demo' }).expect(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('refuses a token once it expires, even one that was accepted before', async () => {
    const login = await t.http.post('/api/auth/login').send({ username: 'reviewer', password: 'demo' }).expect(200);
    const { iat: _iat, exp: _exp, ...claims } = JSON.parse(Buffer.from(login.body.accessToken.split('.')[1], 'base64url').toString());
    // The same claims and key, good for a few more seconds: `exp` is in whole seconds, so a 1-second
    // token signed late in a second could expire before a busy machine answered the first request.
    const short = await t.app.get(JwtService).signAsync(claims, { expiresIn: 4 });
    await t.http.get('/api/cycles').set(auth(short)).expect(200);
    const { exp } = JSON.parse(Buffer.from(short.split('.')[1], 'base64url').toString()) as { exp: number };
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 1100));
    expect((await t.http.get('/api/cycles').set(auth(short)).expect(401)).body.message).toBe('Invalid or expired token');
    // A token signed with another key is refused however its claims look.
    const forged = await new JwtService({ secret: 'not-the-desk-key' }).signAsync(claims, { expiresIn: 600 });
    await t.http.get('/api/cycles').set(auth(forged)).expect(401);
  });

  it('rate-limits sign-in attempts per address and username', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await t.http.post('/api/auth/login').send({ username: 'auditor', password: 'guess' })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Another username from the same address is not locked out.
    await t.http.post('/api/auth/login').send({ username: 'manager', password: 'demo' }).expect(200);
  });

  it('lets an admin create users, change roles and deactivate; old tokens stop working', async () => {
    const created = await t.http.post('/api/users').set(auth(admin)).send({ username: 'new.analyst', displayName: 'New Analyst', password: 'correct horse battery', roles: ['analyst'] }).expect(201);
    expect(created.body).toMatchObject({ username: 'new.analyst', roles: ['analyst'], active: true });
    expect(created.body.passwordHash).toBeUndefined();
    await t.http.post('/api/users').set(auth(admin)).send({ username: 'new.analyst', displayName: 'Twin', password: 'correct horse battery', roles: ['analyst'] }).expect(409);

    const token = await t.token('new.analyst', 'correct horse battery');
    await t.http.get('/api/cycles').set(auth(token)).expect(200);
    await t.http.put(`/api/users/${created.body.id}/roles`).set(auth(admin)).send({ roles: ['analyst', 'reviewer'] }).expect(200);
    await t.http.get('/api/cycles').set(auth(token)).expect(401);

    const fresh = await t.token('new.analyst', 'correct horse battery');
    const me = await t.http.get('/api/cases/MX-FY2014.MX-FY14-TORTURE').set(auth(fresh)).expect(200);
    expect(me.body.allowedEvents).toEqual([]);
    await t.http.post(`/api/users/${created.body.id}/deactivate`).set(auth(admin)).expect(200);
    await t.http.get('/api/cycles').set(auth(fresh)).expect(401);
    await t.http.post('/api/auth/login').send({ username: 'new.analyst', password: 'correct horse battery' }).expect(401);

    const list = await t.http.get('/api/users').set(auth(admin)).expect(200);
    expect(list.body.find((u: { username: string }) => u.username === 'new.analyst')).toMatchObject({ active: false, roles: ['analyst', 'reviewer'] });
    const events = await t.sql<{ event: string }>("SELECT event FROM journal WHERE entity_type = 'user' AND entity_id = 'new.analyst' ORDER BY seq");
    expect(events.map((e) => e.event)).toEqual(['USER_CREATED', 'USER_ROLES_CHANGED', 'USER_DEACTIVATED']);
  });

  it('keeps user management to admins', async () => {
    const manager = await t.token('manager');
    const res = await t.http.post('/api/users').set(auth(manager)).send({}).expect(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
    await t.http.get('/api/users').set(auth(manager)).expect(403);
    await t.http.put('/api/users/abc/roles').set(auth(admin)).send({ roles: ['analyst'] }).expect(400);
    await t.http.post('/api/users/99999/deactivate').set(auth(admin)).expect(404);
  });

  it('serves the OpenAPI document at /api/docs', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/cases/{id}/events', '/api/cycles']));
    await t.http.get('/api/docs').expect(200);
  });
});

// The Go sumdb/note test signer key; production requires one.
const SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';

describe('production mode', () => {
  it('seeds no demo user, and the first admin comes from the create-admin command', async () => {
    const secret = 'x'.repeat(40);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-production-'));
    const databasePath = path.join(dir, 'desk.sqlite');
    const production = { NODE_ENV: 'production', JWT_SECRET: secret, SEED_DEMO: '', DATABASE_PATH: databasePath, JOURNAL_SIGNING_KEY: SIGNER };
    const env = { ...process.env, ...production, ADMIN_PASSWORD: 'a long admin password', TS_NODE_TRANSPILE_ONLY: '1' };
    const cli = ['-r', 'ts-node/register', path.join(__dirname, '..', 'src', 'cli', 'create-admin.ts'), '--username', 'chief', '--display-name', 'Chief Admin'];
    try {
      let t = await createTestApp({ database: 'sqlite', env: production });
      const [users] = await t.sql<{ n: number }>('SELECT COUNT(*) AS n FROM users');
      expect(Number(users.n)).toBe(0);
      const [statutes] = await t.sql<{ n: number }>('SELECT COUNT(*) AS n FROM statutes');
      expect(Number(statutes.n)).toBe(fs.readdirSync(path.join(__dirname, '..', 'data', 'statutes')).filter((f) => f.endsWith('.json')).length);
      await t.http.post('/api/auth/login').send({ username: 'admin', password: 'demo' }).expect(401);
      // One process writes a SQLite file (test/start-up.e2e-spec.ts): the command runs while the desk is stopped.
      // Run while it is not, the command stops with one line that says why, and no stack trace.
      const refused = await run(process.execPath, cli, { env }).then(() => null, (error: { stderr: string; code: number }) => error);
      expect(refused?.code).toBe(1);
      expect(refused?.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^create-admin: the SQLite database .* is in use by another desk process/)]);
      await t.close();
      const first = await run(process.execPath, cli, { env });
      expect(first.stdout).toMatch(/Created admin 'chief'/);
      await expect(run(process.execPath, cli, { env })).rejects.toMatchObject({ stderr: expect.stringMatching(/active admin exists/) });
      t = await createTestApp({ database: 'sqlite', env: production });
      try {
        const login = await t.http.post('/api/auth/login').send({ username: 'chief', password: 'a long admin password' }).expect(200);
        expect(login.body.user.roles).toEqual(['admin']);
      } finally {
        await t.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Three command runs (ts-node start-up each) and two desk starts.
  }, 240_000);
});
