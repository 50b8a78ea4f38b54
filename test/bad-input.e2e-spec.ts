import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// Hostile and malformed requests: each answers a 4xx JSON error and changes nothing.
describe.each(testDatabases())('bad input (%s)', (database) => {
  let t: TestApp;
  let analyst: string, manager: string, admin: string;
  const caseId = 'CA-FY2008.CA-FY08-JUDICIARY';
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ database });
    [analyst, manager, admin] = await Promise.all([t.token('analyst'), t.token('manager'), t.token('admin')]);
  });
  afterAll(async () => t?.close());

  async function journalLength() {
    const [row] = await t.sql<{ n: string | number }>('SELECT COUNT(*) AS n FROM journal');
    return Number(row.n);
  }

  function expectJsonError(res: { status: number; body: Record<string, unknown>; headers: Record<string, string>; text: string }, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
  }

  const cases: Array<[string, () => Promise<any>, number]> = [
    ['malformed JSON', () => t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).set('Content-Type', 'application/json').send('{"kind": "ngo_report",'), 400],
    ['a JSON array instead of an object', () => t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send([{ type: 'SUBMIT_FOR_REVIEW' }]), 400],
    ['a JSON string body', () => t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).set('Content-Type', 'application/json').send('"SUBMIT_FOR_REVIEW"'), 400],
    ['wrong type: credibility as a string', () => t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ credibility: '2' })), 400],
    ['credibility out of range', () => t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ credibility: 7 })), 400],
    ['reliability not A-F', () => t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ reliability: 'G' })), 400],
    ['unknown evidence kind', () => t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ kind: 'rumour' })), 400],
    ['impossible date', () => t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ sourceDate: '2015-02-30' })), 400],
    ['period ending before it starts', () => t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ periodStart: '2015-01-02', periodEnd: '2015-01-01' })), 400],
    ['javascript: URL', () => t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ url: 'javascript:alert(1)' })), 400],
    ['unknown field', () => t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ admin: true })), 400],
    ['prototype pollution key', () => t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).set('Content-Type', 'application/json').send('{"type":"SUBMIT_FOR_REVIEW","__proto__":{"isAdmin":true}}'), 400],
    ['unknown event type', () => t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'DELETE_EVERYTHING' }), 400],
    ['expectedVersion as a string', () => t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW', expectedVersion: '1' }), 400],
    ['negative money', () => t.http.post('/api/cycles').set(auth(manager)).send({ id: 'X-1', statuteId: 'PL111-8-MX', fiscalYear: 2019, appropriatedCents: -5, obligationDeadline: '2020-09-30' }), 400],
    ['fractional cents', () => t.http.post('/api/cycles').set(auth(manager)).send({ id: 'X-1', statuteId: 'PL111-8-MX', fiscalYear: 2019, appropriatedCents: 10.5, obligationDeadline: '2020-09-30' }), 400],
    ['SQL injection in a cycle id', () => t.http.post('/api/cycles').set(auth(manager)).send({ id: "X'; DROP TABLE journal; --", statuteId: 'PL111-8-MX', fiscalYear: 2019, appropriatedCents: 5, obligationDeadline: '2020-09-30' }), 400],
    ['SQL injection in a path', () => t.http.get(`/api/cases/${encodeURIComponent("x' OR '1'='1")}`).set(auth(analyst)), 404],
    ['a malformed evidence id', () => t.http.put('/api/evidence/not-a-uuid').set(auth(analyst)).send(evidenceBody()), 400],
    ['weak password for a new user', () => t.http.post('/api/users').set(auth(admin)).send({ username: 'new-user', displayName: 'N', password: 'short', roles: ['analyst'] }), 400],
    ['an unknown role', () => t.http.post('/api/users').set(auth(admin)).send({ username: 'new-user', displayName: 'N', password: 'long enough password', roles: ['system'] }), 400],
    ['an oversize body', () => t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ summary: 'x'.repeat(200_000) })), 413],
    // A body that cannot be parsed is refused before anything else runs, whoever sends it.
    ['unparseable JSON from a role that may not call the route', () => t.http.post('/api/cycles').set(auth(analyst)).set('Content-Type', 'application/json').send('{not json at all'), 400],
  ];

  it.each(cases)('%s: a clear 4xx JSON error and no change', async (_name, send, status) => {
    const before = await journalLength();
    const res = await send();
    expectJsonError(res, status);
    expect(await journalLength()).toBe(before);
  });

  it('stores hostile text verbatim and returns it as data, not markup', async () => {
    const title = `<script>alert("x")</script> '; DROP TABLE evidence; --`;
    const res = await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ title })).expect(201);
    expect(res.body.title).toBe(title);
    const list = await t.http.get(`/api/cases/${caseId}/evidence`).set(auth(analyst)).expect(200);
    expect(list.body.map((e: { title: string }) => e.title)).toContain(title);
  });

  it('refuses a role before looking at the body', async () => {
    const res = await t.http.post('/api/cycles').set(auth(analyst)).send({ nonsense: true }).expect(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
  });
});
