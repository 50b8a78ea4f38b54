import request from 'supertest';
import { createTestApp, evidenceBody, TestApp, testDatabases } from '../support/test-app';

// The web pages' HTTP contract on both databases, without a browser: sessions, CSRF,
// Post/Redirect/Get, and refusals rendered as pages (never JSON, never a stack).
describe.each(testDatabases())('web pages over HTTP (%s)', (database) => {
  let t: TestApp;
  const caseId = 'CA-FY2008.CA-FY08-PROSECUTE';

  beforeAll(async () => {
    t = await createTestApp({ database });
  });
  afterAll(async () => t?.close());

  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

  async function signIn(username: string) {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login').expect(200);
    const res = await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), username, password: 'demo', next: `/cases/${caseId}` }).expect(303);
    expect(res.headers.location).toBe(`/cases/${caseId}`);
    const page = await agent.get(`/cases/${caseId}`).expect(200);
    return { agent, csrf: csrfOf(page.text), cookies: res.headers['set-cookie'] as unknown as string[] };
  }

  async function caseState() {
    const token = await t.token('auditor');
    const res = await t.http.get(`/api/cases/${caseId}`).set('Authorization', `Bearer ${token}`).expect(200);
    return { state: res.body.state as string, version: res.body.version as number };
  }

  it('sends visitors without a session to the sign-in page, and keeps the cookie out of the API', async () => {
    const res = await t.http.get('/cycles/MX-FY2014').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Fcycles%2FMX-FY2014');
    const { cookies } = await signIn('analyst');
    const session = cookies.find((c) => c.startsWith('cd_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/);
    // The JSON API takes bearer tokens only: a cookie alone is not signed in there.
    const api = await t.http.get('/api/cycles').set('Cookie', session.split(';')[0]).expect(401);
    expect(api.body.statusCode).toBe(401);
  });

  it('refuses a sign-in post without the form token, and a wrong password with a readable message', async () => {
    const forged = await t.http.post('/login').type('form').send({ username: 'analyst', password: 'demo' }).expect(403);
    expect(forged.headers['content-type']).toContain('text/html');
    expect(forged.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^cd_session=ey/)]));
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login').expect(200);
    const wrong = await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), username: 'analyst', password: 'nope' }).expect(401);
    expect(wrong.text).toContain('Unknown username or wrong password');
    // An open redirect through next= is not possible.
    const ok = await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), username: 'analyst', password: 'demo', next: '//evil.example/' }).expect(303);
    expect(ok.headers.location).toBe('/');
  });

  it('refuses posts without this session\'s token and changes nothing', async () => {
    const before = await caseState();
    const { agent } = await signIn('analyst');
    const other = await signIn('analyst2');
    for (const body of [{ type: 'SUBMIT_FOR_REVIEW' }, { type: 'SUBMIT_FOR_REVIEW', _csrf: 'x' }, { type: 'SUBMIT_FOR_REVIEW', _csrf: other.csrf }]) {
      const res = await agent.post(`/cases/${caseId}/events`).type('form').send(body).expect(403);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toContain('did not come from a page of the desk');
    }
    await agent.post(`/cases/${caseId}/evidence`).type('form').send({ title: 'x' }).expect(403);
    expect(await caseState()).toEqual(before);
  });

  it('answers good forms with a redirect and refused ones with the page and the service\'s message', async () => {
    const { agent, csrf } = await signIn('analyst');
    const evidence = {
      _csrf: csrf, kind: 'court_record', title: 'Sentence against officers', source: 'Court of Appeals', sourceDate: '2009-05-01',
      periodStart: '2008-01-01', periodEnd: '2008-12-31', url: '', summary: 'Two officers convicted.', stance: 'supports', reliability: 'A', credibility: '1', sensitivity: '',
    };
    const bad = await agent.post(`/cases/${caseId}/evidence`).type('form').send({ ...evidence, credibility: '9' }).expect(400);
    expect(bad.headers['content-type']).toContain('text/html');
    expect(bad.text).toContain('Credibility must not be greater than 6');
    expect(bad.text).toContain('value="Sentence against officers"');
    expect(bad.text).not.toContain('"statusCode"');
    const added = await agent.post(`/cases/${caseId}/evidence`).type('form').send(evidence).expect(303);
    expect(added.headers.location).toBe(`/cases/${caseId}?done=evidence#evidence`);

    const page = await agent.get(`/cases/${caseId}?done=evidence`).expect(200);
    expect(page.text).toContain('Evidence added.');
    expect(page.text).toContain('Sentence against officers');
    // Pages work without JavaScript: there is none.
    expect(page.text).not.toMatch(/<script/i);
    const version = Number(/name="expectedVersion" value="(\d+)"/.exec(page.text)![1]);

    // 409 from the machine: the event is not accepted in this state.
    const conflict = await agent.post(`/cases/${caseId}/events`).type('form').send({ _csrf: csrf, type: 'APPROVE' }).expect(409);
    expect(conflict.text).toContain('APPROVE is not allowed while the case is in state');
    // A stale page: the version check of the write path.
    await agent.post(`/cases/${caseId}/proposed-finding`).type('form').send({ _csrf: csrf, rating: 'met', rationale: 'Convictions', narrative: '', expectedVersion: String(version) }).expect(303);
    const stale = await agent.post(`/cases/${caseId}/proposed-finding`).type('form').send({ _csrf: csrf, rating: 'not_met', rationale: 'x', narrative: '', expectedVersion: String(version) }).expect(409);
    // Both versions side by side; nothing saved until the person chooses.
    expect(stale.text).toContain('Someone else saved this first');
    expect(stale.text).toContain('Keep mine: save my finding over version');
    const submitted = await agent.post(`/cases/${caseId}/events`).type('form').send({ _csrf: csrf, type: 'SUBMIT_FOR_REVIEW' }).expect(303);
    expect(submitted.headers.location).toBe(`/cases/${caseId}?done=SUBMIT_FOR_REVIEW`);
    expect((await caseState()).state).toBe('inReview');

    // Request changes without a comment: 400 from the rules, shown beside the buttons.
    const reviewer = await signIn('reviewer');
    const noComment = await reviewer.agent.post(`/cases/${caseId}/events`).type('form').send({ _csrf: reviewer.csrf, type: 'REQUEST_CHANGES', comment: '' }).expect(400);
    expect(noComment.text).toContain('Requesting changes requires a comment');
    // 403 for a role that may not: a page, not JSON.
    const refused = await agent.post(`/cases/${caseId}/events`).type('form').send({ _csrf: csrf, type: 'APPROVE' }).expect(403);
    expect(refused.text).toContain('Only a user with the reviewer role may approve');
  });

  it('revises evidence from the case page for an analyst only, refusing stale and foreign forms', async () => {
    const judiciary = 'CA-FY2008.CA-FY08-JUDICIARY';
    const token = await t.token('analyst');
    const api = (path: string) => t.http.get(path).set('Authorization', `Bearer ${token}`).expect(200);
    const added = await t.http.post(`/api/cases/${judiciary}/evidence`).set('Authorization', `Bearer ${token}`).send(evidenceBody({ title: 'Judicial council report' })).expect(201);
    const id = added.body.id as string;
    const titles = async () => (await api(`/api/evidence/${id}/revisions`)).body.map((r: { revision: number; title: string }) => `${r.revision}: ${r.title}`);
    const form = { ...evidenceBody({ title: 'Judicial council report, corrected' }), credibility: '2', sensitivity: '', baseRevision: '1' };

    // A reviewer is offered no form, and posting one anyway is a readable 403 page that changes nothing.
    const reviewer = await signIn('reviewer');
    const reviewerPage = await reviewer.agent.get(`/cases/${judiciary}`).expect(200);
    expect(reviewerPage.text).not.toContain('Revise this item');
    const refused = await reviewer.agent.post(`/cases/${judiciary}/evidence/${id}/revise`).type('form').send({ ...form, _csrf: reviewer.csrf }).expect(403);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.text).toContain('This action requires one of the roles: analyst');
    expect(refused.text).not.toContain('"statusCode"');
    expect(await titles()).toEqual(['1: Judicial council report']);

    const { agent, csrf } = await signIn('analyst');
    const before = await agent.get(`/cases/${judiciary}`).expect(200);
    expect(before.text).toContain(`id="title-${id}"`);
    expect(before.text).toContain(`action="/cases/${judiciary}/evidence/${id}/revise"`);
    expect(before.text).not.toContain('Earlier revisions');
    const ok = await agent.post(`/cases/${judiciary}/evidence/${id}/revise`).type('form').send({ ...form, _csrf: csrf }).expect(303);
    expect(ok.headers.location).toBe(`/cases/${judiciary}?done=revised#evidence-${id}`);
    expect(await titles()).toEqual(['1: Judicial council report', '2: Judicial council report, corrected']);
    const after = await agent.get(`/cases/${judiciary}?done=revised`).expect(200);
    expect(after.text).toContain('Evidence revised.');
    expect(after.text).toContain('Earlier revisions (1)');
    expect(after.text).toMatch(/Revision 1: <cite>Judicial council report<\/cite>/);
    expect(after.text).toContain('name="baseRevision" value="2"');

    // A form filled from revision 1 would overwrite revision 2 unseen: 409, with the typed values kept.
    const stale = await agent.post(`/cases/${judiciary}/evidence/${id}/revise`).type('form').send({ ...form, title: 'Stale edit', _csrf: csrf }).expect(409);
    expect(stale.text).toContain('Someone else saved this first');
    expect(stale.text).toContain('Saved: revision 2 by analyst');
    expect(stale.text).toContain('value="Stale edit"');
    // Bad input is a 400 page; an item of another case, or no item at all, a 404 page.
    const bad = await agent.post(`/cases/${judiciary}/evidence/${id}/revise`).type('form').send({ ...form, baseRevision: '2', credibility: '9', _csrf: csrf }).expect(400);
    expect(bad.text).toContain('Credibility must not be greater than 6');
    await agent.post(`/cases/${caseId}/evidence/${id}/revise`).type('form').send({ ...form, baseRevision: '2', _csrf: csrf }).expect(404);
    await agent.post(`/cases/${judiciary}/evidence/not-an-id/revise`).type('form').send({ ...form, baseRevision: '2', _csrf: csrf }).expect(404);
    // Without this session's token: refused before anything is looked at.
    await agent.post(`/cases/${judiciary}/evidence/${id}/revise`).type('form').send({ ...form, baseRevision: '2' }).expect(403);
    expect(await titles()).toEqual(['1: Judicial council report', '2: Judicial council report, corrected']);
  });

  it('renders unknown ids and bad queries as pages, and signs out', async () => {
    const { agent, csrf } = await signIn('manager');
    const missing = await agent.get('/cases/NOPE').expect(404);
    expect(missing.text).toContain('No case with id &#x27;NOPE&#x27;');
    expect(missing.headers['content-type']).toContain('text/html');
    const badFormat = await agent.get('/cycles/MX-FY2014/report/document?format=rtf').expect(400);
    expect(badFormat.headers['content-type']).toContain('text/html');
    const report = await agent.get('/cycles/MX-FY2014/report/document?format=md').expect(200);
    expect(report.headers['content-type']).toContain('text/markdown');
    const audit = await agent.get('/audit?actor=manager').expect(200);
    expect(audit.text).toContain('Audit journal');
    const out = await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    expect(out.headers.location).toBe('/login?signedOut=1');
    await agent.get('/').expect(303);
  });

  it('revokes the session on sign-out: a copy of the old cookie no longer works, other sessions do', async () => {
    const { agent, csrf, cookies } = await signIn('reviewer');
    const other = await signIn('reviewer');
    const apiToken = await t.token('reviewer');
    const stolen = cookies.find((c) => c.startsWith('cd_session='))!.split(';')[0];
    await t.http.get('/').set('Cookie', stolen).expect(200);
    await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    const replay = await t.http.get('/').set('Cookie', stolen).expect(303);
    expect(replay.headers.location).toMatch(/^\/login/);
    // Signing out ends this session only: the person's other session and API tokens go on.
    await other.agent.get('/').expect(200);
    await t.http.get('/api/cycles').set('Authorization', `Bearer ${apiToken}`).expect(200);
  });
});
