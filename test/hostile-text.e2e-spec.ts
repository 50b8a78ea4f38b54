import request from 'supertest';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// Text that the databases would store as other bytes than were hashed (a lone surrogate),
// or refuse (NUL on PostgreSQL), is refused at the edge with 400 INVALID_TEXT naming the
// field; text is stored NFC; blank required text, a `prototype` key, year 0000 and a zero
// amount are refused too. Nothing refused changes anything, and the journal still verifies.
describe.each(testDatabases())('hostile text and small gaps (%s)', (database) => {
  let t: TestApp;
  let analyst: string, manager: string, auditor: string;
  const caseId = 'CA-FY2008.CA-FY08-PROSECUTE';
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ database });
    [analyst, manager, auditor] = await Promise.all([t.token('analyst'), t.token('manager'), t.token('auditor')]);
  });
  afterAll(async () => t?.close());

  const journalLength = async () => Number((await t.sql<{ n: string | number }>('SELECT COUNT(*) AS n FROM journal'))[0].n);

  it.each([
    ['title', '\ud800'],
    ['summary', 'detainees \udc00 moved'],
    ['source', 'NUL\u0000 centre'],
    ['title', '\u0000'],
  ])('refuses evidence whose %s holds %j with 400 INVALID_TEXT naming the field', async (field, text) => {
    const before = await journalLength();
    const res = await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ [field]: text })).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_TEXT', field, message: expect.stringContaining(field) });
    expect(await journalLength()).toBe(before);
  });

  it('refuses malformed text in comments, reasons, findings and query parameters', async () => {
    const added = await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody()).expect(201);
    const cases = [
      t.http.post(`/api/evidence/${added.body.id}/retract`).set(auth(analyst)).send({ reason: 'bad \ud800' }),
      t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst)).send({ rating: 'met', rationale: 'ok', narrative: 'x\u0000' }),
      t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW', comment: '\udfff' }),
      t.http.post('/api/cycles/CA-FY2008/events').set(auth(manager)).send({ type: 'PREPARE_MEMO', comment: '\u0000' }),
      t.http.get('/api/history?actor=%00').set(auth(auditor)),
    ];
    const fields = ['reason', 'narrative', 'comment', 'comment', 'actor'];
    const responses = await Promise.all(cases);
    responses.forEach((res, i) => expect([res.status, res.body.code, res.body.field]).toEqual([400, 'INVALID_TEXT', fields[i]]));
  });

  it('stores text NFC-normalised, exactly as hashed, and the journal verifies', async () => {
    const decomposed = 'Cafe\u0301 Caf\u00e9 Human Rights Centre';
    const res = await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ source: decomposed })).expect(201);
    expect(res.body.source).toBe(decomposed.normalize('NFC'));
    const list = await t.http.get(`/api/cases/${caseId}/evidence`).set(auth(analyst)).expect(200);
    expect(list.body.find((e: { id: string }) => e.id === res.body.id).source).toBe('Caf\u00e9 Caf\u00e9 Human Rights Centre');
    const verify = await t.http.get('/api/audit/verify').set(auth(auditor)).expect(200);
    expect(verify.body.ok).toBe(true);
  });

  it.each(['title', 'source', 'summary'])('refuses a blank %s', async (field) => {
    const res = await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ [field]: '   \t ' })).expect(400);
    expect(res.body.message).toContain(`${field} must not be blank`);
  });

  it('refuses a blank retraction reason and a blank rationale', async () => {
    const added = await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody()).expect(201);
    const reason = await t.http.post(`/api/evidence/${added.body.id}/retract`).set(auth(analyst)).send({ reason: '   ' }).expect(400);
    expect(reason.body.message).toContain('reason must not be blank');
    const rationale = await t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst)).send({ rating: 'met', rationale: ' ', narrative: '' }).expect(400);
    expect(rationale.body.message).toContain('rationale must not be blank');
  });

  it('refuses a prototype key, year 0000 and a zero amount', async () => {
    const proto = await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...evidenceBody(), prototype: { polluted: true } })).expect(400);
    expect(proto.body.statusCode).toBe(400);
    const year = await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ sourceDate: '0000-01-01' })).expect(400);
    expect(year.body.message).toContain('sourceDate');
    const cycle = await t.http.post('/api/cycles').set(auth(manager))
      .send({ id: 'MX-FY2030', statuteId: 'PL111-8-MX', fiscalYear: 2030, appropriatedCents: 100, obligationDeadline: '0000-09-30' }).expect(400);
    expect(cycle.body.message).toContain('obligationDeadline');
    const amount = await t.http.post('/api/cycles/CA-FY2008/events').set(auth(manager)).send({ type: 'DECIDE_REPROGRAM', destination: 'x', amountCents: 0, comment: 'c' }).expect(400);
    expect(amount.body.message).toContain('amountCents must be at least 1');
  });

  it('refuses NUL in a web form with a 400 page naming the field', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const form = await agent.get('/login').expect(200);
    await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), username: 'analyst', password: 'demo' }).expect(303);
    const page = await agent.get(`/cases/${caseId}`).expect(200);
    const before = await journalLength();
    const res = await agent.post(`/cases/${caseId}/evidence`).type('form')
      .send(`_csrf=${encodeURIComponent(csrfOf(page.text))}&kind=ngo_report&title=A%00B&source=S&sourceDate=2015-01-01&periodStart=2014-01-01&periodEnd=2014-12-31&summary=s&stance=supports&reliability=B&credibility=2`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('title must be well-formed text');
    expect(await journalLength()).toBe(before);
  });
});
