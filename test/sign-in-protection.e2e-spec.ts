import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { createTestApp, TestApp, testDatabases } from './support/test-app';

/** A sign-in sent from a chosen loopback address (127.0.0.x), to act as different clients. */
function signInFrom(server: http.Server, localAddress: string, username: string, password: string): Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }> {
  const { port } = server.address() as AddressInfo;
  const payload = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, localAddress, method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

// Sign-in budgets: one per username from an address (API and web form together), one per
// address across usernames, shared by two desk processes on one PostgreSQL database; the
// 429 is the desk's own error body; the real user still signs in from another address.
describe.each(testDatabases())('sign-in protection (%s)', (database) => {
  let t: TestApp;
  let server: http.Server;
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

  beforeAll(async () => {
    t = await createTestApp({ database, env: { LOGIN_RATE_LIMIT: '4', LOGIN_ADDRESS_RATE_LIMIT: '8' } });
    server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => t?.close());

  it('shares one budget per username between the API and the web form, with a 429 in the desk\'s own shape', async () => {
    const agent = request.agent(server);
    const wrongOnForm = async () => {
      const form = await agent.get('/login').expect(200);
      return agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), username: 'auditor', password: 'guess' });
    };
    expect((await t.http.post('/api/auth/login').send({ username: 'auditor', password: 'guess' })).status).toBe(401);
    expect((await wrongOnForm()).status).toBe(401);
    expect((await t.http.post('/api/auth/login').send({ username: 'auditor', password: 'guess' })).status).toBe(401);
    expect((await wrongOnForm()).status).toBe(401);
    const refused = await t.http.post('/api/auth/login').send({ username: 'auditor', password: 'demo' }).expect(429);
    expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', code: 'TOO_MANY_SIGN_IN_ATTEMPTS', message: expect.stringMatching(/^Too many sign-in attempts; try again in \d+ s$/), retryAfterSeconds: expect.any(Number), details: { retryAfterSeconds: expect.any(Number) } });
    expect(JSON.stringify(refused.body)).not.toMatch(/Throttler/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const page = await wrongOnForm();
    expect(page.status).toBe(429);
    expect(page.text).toContain('Too many attempts in a short time');
    // From another address the real user signs in.
    expect((await signInFrom(server, '127.0.0.3', 'auditor', 'demo')).status).toBe(200);
  });

  it('caps attempts per address across usernames', async () => {
    const users = ['analyst', 'analyst2', 'reviewer', 'manager', 'admin', 'reviewer-analyst', 'nobody1', 'nobody2'];
    for (const username of users) expect((await signInFrom(server, '127.0.0.4', username, 'guess')).status).toBe(401);
    const next = await signInFrom(server, '127.0.0.4', 'nobody3', 'guess');
    expect([next.status, next.body.code]).toEqual([429, 'TOO_MANY_SIGN_IN_ATTEMPTS']);
    expect((await signInFrom(server, '127.0.0.5', 'analyst', 'demo')).status).toBe(200);
  });

  it('refuses a token without an expiry, and revokes an API token on logout', async () => {
    const token = await t.token('analyst');
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sid: expect.any(String), exp: expect.any(Number) });
    const forever = t.app.get(JwtService).sign({ sub: claims.sub, username: claims.username, tv: claims.tv, sid: claims.sid });
    expect((await t.http.get('/api/cycles').set('Authorization', `Bearer ${forever}`).expect(401)).body.code).toBe('UNAUTHENTICATED');
    await t.http.get('/api/cycles').set('Authorization', `Bearer ${token}`).expect(200);
    await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    await t.http.get('/api/cycles').set('Authorization', `Bearer ${token}`).expect(401);
    // Other sessions of the same user go on.
    await t.http.get('/api/cycles').set('Authorization', `Bearer ${await t.token('analyst')}`).expect(200);
  });

  if (database === 'postgres') {
    it('shares the budgets between two desk instances on one database', async () => {
      const second = await createTestApp({ database, seedDemo: false, env: { DATABASE_URL: (t.config.database as { url: string }).url, LOGIN_RATE_LIMIT: '4', LOGIN_ADDRESS_RATE_LIMIT: '8' } });
      try {
        const other: http.Server = second.app.getHttpServer();
        await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
        const statuses: number[] = [];
        for (const desk of [server, other, server, other, other]) statuses.push((await signInFrom(desk, '127.0.0.6', 'manager', 'guess')).status);
        expect(statuses).toEqual([401, 401, 401, 401, 429]);
      } finally {
        await second.close();
      }
    });
  }
});

describe('API_DOCS', () => {
  it.each([
    ['off', 404, 404],
    ['signed-in', 401, 200],
    ['public', 200, 200],
  ])('API_DOCS=%s answers %i without a token and %i with one', async (apiDocs, anonymous, signedIn) => {
    const t = await createTestApp({ env: { API_DOCS: apiDocs } });
    try {
      expect((await t.http.get('/api/docs-json')).status).toBe(anonymous);
      expect((await t.http.get('/api/docs-json').set('Authorization', `Bearer ${await t.token('auditor')}`)).status).toBe(signedIn);
    } finally {
      await t.close();
    }
  });
});
