import request from 'supertest';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// Second-person review: whoever wrote the assessment (its proposed finding, or live evidence
// of this round) does not review it, even when someone else pressed Submit.
describe.each(testDatabases())('separation of duties by authorship (%s)', (database) => {
  let t: TestApp;
  let analyst: string, robin: string, reviewer: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ database });
    [analyst, robin, reviewer] = await Promise.all([t.token('analyst'), t.token('reviewer-analyst'), t.token('reviewer')]);
  });
  afterAll(async () => t?.close());

  it('refuses APPROVE and REQUEST_CHANGES to the writer of the evidence and finding who did not submit, with 403', async () => {
    const caseId = 'CA-FY2008.CA-FY08-PROSECUTE';
    await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(robin)).send(evidenceBody()).expect(201);
    await t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(robin)).send({ rating: 'met', rationale: 'r', narrative: '' }).expect(200);
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);

    const seen = await t.http.get(`/api/cases/${caseId}`).set(auth(robin)).expect(200);
    expect(seen.body.allowedEvents).toEqual([]);
    const approve = await t.http.post(`/api/cases/${caseId}/events`).set(auth(robin)).send({ type: 'APPROVE' }).expect(403);
    expect(approve.body).toMatchObject({ code: 'SEPARATION_OF_DUTIES', state: 'inReview' });
    const requestChanges = await t.http.post(`/api/cases/${caseId}/events`).set(auth(robin)).send({ type: 'REQUEST_CHANGES', comment: 'c' }).expect(403);
    expect(requestChanges.body.code).toBe('SEPARATION_OF_DUTIES');

    // The page offers no review buttons to the author either.
    const agent = request.agent(t.app.getHttpServer());
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const form = await agent.get('/login').expect(200);
    await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), username: 'reviewer-analyst', password: 'demo' }).expect(303);
    const page = await agent.get(`/cases/${caseId}`).expect(200);
    expect(page.text).not.toMatch(/value="APPROVE"/);
    expect(page.text).not.toMatch(/value="REQUEST_CHANGES"/);

    // A reviewer who wrote nothing of it approves.
    expect((await t.http.get(`/api/cases/${caseId}`).set(auth(reviewer)).expect(200)).body.allowedEvents).toEqual(['APPROVE', 'REQUEST_CHANGES']);
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(200);
  });
  it('keeps a writer an author through their other live items, forgets retracted ones, and starts over at REOPEN', async () => {
    const cycle = (await t.http.get('/api/cycles/CA-FY2008').set(auth(reviewer)).expect(200)).body as { cases: Array<{ id: string; state: string }> };
    const caseId = cycle.cases.find((c) => c.state === 'evidenceGathering' && !c.id.endsWith('PROSECUTE'))!.id;
    const events = `/api/cases/${caseId}/events`;
    const add = async (token: string) => (await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(token)).send(evidenceBody()).expect(201)).body.id as string;
    const retract = (id: string) => t.http.post(`/api/evidence/${id}/retract`).set(auth(analyst)).send({ reason: 'duplicate' }).expect(200);
    const submit = () => t.http.post(events).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
    const withdraw = () => t.http.post(events).set(auth(analyst)).send({ type: 'WITHDRAW' }).expect(200);
    const robinApproves = (status: number) => t.http.post(events).set(auth(robin)).send({ type: 'APPROVE' }).expect(status);

    const [first, second] = [await add(robin), await add(robin)];
    // Live into the next round, untouched there: it must not keep robin an author after REOPEN.
    await add(robin);
    await add(analyst);
    await t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst)).send({ rating: 'met', rationale: 'r', narrative: '' }).expect(200);
    await submit();
    expect((await robinApproves(403)).body.code).toBe('SEPARATION_OF_DUTIES');

    // One of robin's items retracted: the others still make robin an author.
    await withdraw();
    await retract(first);
    await submit();
    expect((await robinApproves(403)).body.code).toBe('SEPARATION_OF_DUTIES');

    // Approved by someone else and reopened: robin's earlier work is of the last round.
    await t.http.post(events).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(200);
    const manager = await t.token('manager');
    await t.http.post(events).set(auth(manager)).send({ type: 'REOPEN', comment: 'New court record' }).expect(200);
    await submit();
    expect((await t.http.get(`/api/cases/${caseId}`).set(auth(robin)).expect(200)).body.allowedEvents).toEqual(['APPROVE', 'REQUEST_CHANGES']);

    // A revision in the new round makes robin an author again, until that item is retracted.
    await withdraw();
    await t.http.put(`/api/evidence/${second}`).set(auth(robin)).send(evidenceBody({ title: 'Revised in the new round' })).expect(200);
    await submit();
    expect((await robinApproves(403)).body.code).toBe('SEPARATION_OF_DUTIES');
    await withdraw();
    await retract(second);
    await submit();
    await robinApproves(200);
  });
});
