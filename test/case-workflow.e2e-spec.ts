import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// The criterion workflow end to end through HTTP, on a real database.
describe.each(testDatabases())('criterion case workflow (%s)', (database) => {
  let t: TestApp;
  let analyst: string, analyst2: string, reviewer: string, reviewerAnalyst: string, manager: string, auditor: string;
  const caseId = 'CA-FY2008.CA-FY08-JUDICIARY';

  beforeAll(async () => {
    t = await createTestApp({ database });
    [analyst, analyst2, reviewer, reviewerAnalyst, manager, auditor] = await Promise.all(
      ['analyst', 'analyst2', 'reviewer', 'reviewer-analyst', 'manager', 'auditor'].map((u) => t.token(u)),
    );
  });
  afterAll(async () => t?.close());

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('serves the seeded desk: statutes, the demo cycle and its cases', async () => {
    const statutes = await t.http.get('/api/statutes').set(auth(auditor)).expect(200);
    expect(statutes.body.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['PL110-252-CA', 'PL111-8-MX', 'PL113-76-MX', 'PL116-94-NT-FY2020']));
    const cycle = await t.http.get('/api/cycles/MX-FY2014').set(auth(manager)).expect(200);
    expect(cycle.body).toMatchObject({ id: 'MX-FY2014', statuteId: 'PL113-76-MX', fiscalYear: 2014, withheldPercent: 15, state: 'assessing' });
    expect(cycle.body.withheldCents).toBe(500_000_000);
    expect(cycle.body.cases.map((c: { criterionCode: string }) => c.criterionCode).sort()).toEqual([
      'MX-FY14-DISAPPEARED-PROSECUTE', 'MX-FY14-DISAPPEARED-SEARCH', 'MX-FY14-MIL-DETAINEES', 'MX-FY14-TORTURE',
    ]);
  });

  it('walks a case through submit, request changes, withdraw, approve and reopen', async () => {
    let res = await t.http.get(`/api/cases/${caseId}`).set(auth(analyst)).expect(200);
    expect(res.body).toMatchObject({ state: 'evidenceGathering', version: 1, allowedEvents: ['SUBMIT_FOR_REVIEW'], canEdit: true });
    expect(res.body.criterion.citation).toContain('110-252');

    // Guards on the record itself: 409 with a code.
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'NO_LIVE_EVIDENCE', state: 'evidenceGathering' });

    const added = await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody()).expect(201);
    expect(added.body).toMatchObject({ caseId, revision: 1, retracted: false, createdBy: 'analyst', title: 'Report on detention practices' });
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(409);
    expect(res.body.code).toBe('NO_PROPOSED_FINDING');

    await t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst))
      .send({ rating: 'partially_met', rationale: 'Judicial reform under way', narrative: 'Reforms enacted; capacity uneven.' }).expect(200);
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW', expectedVersion: 3 }).expect(200);
    expect(res.body).toMatchObject({ state: 'inReview', version: 4, submittedBy: 'analyst', allowedEvents: ['WITHDRAW'] });

    // While in review, editing is closed: 409 decided by the machine.
    res = await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody()).expect(409);
    expect(res.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', state: 'inReview' });
    await t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst)).send({ rating: 'met', rationale: 'x', narrative: '' }).expect(409);

    // Request changes needs a comment (400), from a reviewer (403 for others).
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewer)).send({ type: 'REQUEST_CHANGES' }).expect(400);
    expect(res.body.code).toBe('COMMENT_REQUIRED');
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst2)).send({ type: 'REQUEST_CHANGES', comment: 'x' }).expect(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewer)).send({ type: 'REQUEST_CHANGES', comment: 'Cite the judiciary budget' }).expect(200);
    expect(res.body.state).toBe('evidenceGathering');

    // Resubmitted by reviewer-analyst, who then may not approve it (separation of duties by identity).
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewerAnalyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
    res = await t.http.get(`/api/cases/${caseId}`).set(auth(reviewerAnalyst)).expect(200);
    expect(res.body.allowedEvents).toEqual(['WITHDRAW']);
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewerAnalyst)).send({ type: 'APPROVE' }).expect(403);
    expect(res.body).toMatchObject({ code: 'SEPARATION_OF_DUTIES', statusCode: 403, error: 'Forbidden' });
    // Only the submitter withdraws.
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'WITHDRAW' }).expect(403);
    expect(res.body.code).toBe('NOT_THE_SUBMITTER');
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewerAnalyst)).send({ type: 'WITHDRAW' }).expect(200);
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst2)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);

    res = await t.http.get(`/api/cases/${caseId}`).set(auth(reviewer)).expect(200);
    expect(res.body.allowedEvents).toEqual(['APPROVE', 'REQUEST_CHANGES']);
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(200);
    expect(res.body).toMatchObject({ state: 'approved', finding: { rating: 'partially_met', approvedBy: 'reviewer' } });

    // MARK_REPORTED is never a client event.
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(manager)).send({ type: 'MARK_REPORTED' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');

    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(manager)).send({ type: 'REOPEN' }).expect(400);
    expect(res.body.code).toBe('COMMENT_REQUIRED');
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(manager)).send({ type: 'REOPEN', comment: 'New court record' }).expect(200);
    expect(res.body).toMatchObject({ state: 'evidenceGathering', finding: null });

    // An event the state does not accept: 409 naming the state and the allowed events.
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(409);
    expect(res.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', state: 'evidenceGathering', allowedEvents: [] });
  });

  it('records every change in the case history, oldest first', async () => {
    const res = await t.http.get(`/api/cases/${caseId}/history`).set(auth(auditor)).expect(200);
    expect(res.body.map((h: { event: string }) => h.event)).toEqual([
      'OPEN_CASE', 'ADD_EVIDENCE', 'PROPOSE_FINDING', 'SUBMIT_FOR_REVIEW', 'REQUEST_CHANGES', 'SUBMIT_FOR_REVIEW',
      'WITHDRAW', 'SUBMIT_FOR_REVIEW', 'APPROVE', 'REOPEN',
    ]);
    const reopen = res.body[res.body.length - 1];
    expect(reopen).toMatchObject({ actor: 'manager', from: 'approved', to: 'evidenceGathering', comment: 'New court record' });
    const seqs = res.body.map((h: { seq: number }) => h.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('revises and retracts evidence without destroying it', async () => {
    const list = await t.http.get(`/api/cases/${caseId}/evidence`).set(auth(auditor)).expect(200);
    const id = list.body[0].id;
    const revised = await t.http.put(`/api/evidence/${id}`).set(auth(analyst2)).send(evidenceBody({ title: 'Corrected title', stance: 'context' })).expect(200);
    expect(revised.body).toMatchObject({ id, revision: 2, title: 'Corrected title', createdBy: 'analyst', revisedBy: 'analyst2' });
    await t.http.post(`/api/evidence/${id}/retract`).set(auth(analyst)).send({}).expect(400);
    const retracted = await t.http.post(`/api/evidence/${id}/retract`).set(auth(analyst)).send({ reason: 'Source withdrew the report' }).expect(200);
    expect(retracted.body).toMatchObject({ retracted: true, retractedReason: 'Source withdrew the report', revision: 2 });
    const revisions = await t.http.get(`/api/evidence/${id}/revisions`).set(auth(auditor)).expect(200);
    expect(revisions.body.map((r: { title: string }) => r.title)).toEqual(['Report on detention practices', 'Corrected title']);
    await t.http.put(`/api/evidence/${id}`).set(auth(analyst)).send(evidenceBody()).expect(409);
    // With its only evidence retracted the case cannot be submitted.
    const res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(409);
    expect(res.body.code).toBe('NO_LIVE_EVIDENCE');
  });

  it('honours expectedVersion', async () => {
    const current = await t.http.get(`/api/cases/${caseId}`).set(auth(analyst)).expect(200);
    await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody()).expect(201);
    const res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW', expectedVersion: current.body.version }).expect(409);
    expect(res.body).toMatchObject({ code: 'VERSION_CONFLICT', version: current.body.version + 1 });
  });

  it('opens a cycle with one case per criterion, unique per statute and fiscal year', async () => {
    const body = { id: 'MX-FY2010', statuteId: 'PL111-8-MX', fiscalYear: 2010, appropriatedCents: 1_000_000_01, obligationDeadline: '2011-09-30' };
    await t.http.post('/api/cycles').set(auth(analyst)).send(body).expect(403);
    const res = await t.http.post('/api/cycles').set(auth(manager)).send(body).expect(201);
    expect(res.body).toMatchObject({ id: 'MX-FY2010', state: 'assessing', withheldCents: 15_000_000, allowedEvents: ['PREPARE_MEMO'] });
    expect(res.body.cases).toHaveLength(4);
    const again = await t.http.post('/api/cycles').set(auth(manager)).send({ ...body, id: 'MX-FY2010-B' }).expect(409);
    expect(again.body.code).toBe('CYCLE_EXISTS');
    await t.http.post('/api/cycles').set(auth(manager)).send({ ...body, id: 'X-1', statuteId: 'NOPE' }).expect(404);
    await t.http.post('/api/cycles').set(auth(manager)).send({ ...body, id: 'X-2', obligationDeadline: '2011-02-30' }).expect(400);
  });

  it('answers 404 for unknown ids and 401 without a token', async () => {
    await t.http.get('/api/cases/NOPE').set(auth(analyst)).expect(404);
    await t.http.get('/api/cycles/NOPE').set(auth(analyst)).expect(404);
    await t.http.get('/api/evidence/00000000-0000-4000-8000-000000000000').set(auth(analyst)).expect(404);
    const res = await t.http.get('/api/cycles').expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    await t.http.get('/api/cycles').set({ Authorization: 'Bearer not-a-token' }).expect(401);
  });
});
