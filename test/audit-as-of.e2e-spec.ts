import { FixedClock } from '../src/common/clock';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// As-of views rebuilt from the journal across evidence revisions, a review round and a REOPEN.

describe.each(testDatabases())('as-of views (%s)', (database) => {
  let t: TestApp;
  let analyst: string, reviewer: string, manager: string, auditor: string;
  let caseId: string;
  let evidenceId: string;
  const clock = new FixedClock(new Date('2030-01-01T00:00:00.000Z'));
  const at = (n: number) => `2030-01-0${n}T12:00:00.000Z`;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const caseAsOf = (asOf: string, token = auditor) => t.http.get(`/api/cases/${caseId}`).query({ asOf }).set(auth(token));

  beforeAll(async () => {
    t = await createTestApp({ database, clock });
    [analyst, reviewer, manager, auditor] = await Promise.all(['analyst', 'reviewer', 'manager', 'auditor'].map((u) => t.token(u)));
    caseId = (await t.http.get('/api/cycles/CA-FY2008').set(auth(analyst)).expect(200)).body.cases[0].id;
    const step = async (n: number, work: () => Promise<unknown>) => {
      clock.set(new Date(at(n)));
      await work();
    };
    await step(1, async () => {
      evidenceId = (await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ title: 'First wording' })).expect(201)).body.id;
    });
    await step(2, () => t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst)).send({ rating: 'met', rationale: 'Courts reformed', narrative: 'N1' }).expect(200));
    await step(3, () => t.http.put(`/api/evidence/${evidenceId}`).set(auth(analyst)).send(evidenceBody({ title: 'Second wording', stance: 'supports' })).expect(200));
    await step(4, () => t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200));
    await step(5, () => t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(200));
    await step(6, () => t.http.post(`/api/cases/${caseId}/events`).set(auth(manager)).send({ type: 'REOPEN', comment: 'New court record' }).expect(200));
    await step(7, () => t.http.post(`/api/evidence/${evidenceId}/retract`).set(auth(analyst)).send({ reason: 'Source withdrew it' }).expect(200));
    await step(8, () => t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst)).send({ rating: 'not_met', rationale: 'Reform stalled', narrative: 'N2' }).expect(200));
  });
  afterAll(async () => t?.close());

  it('shows the case before any work: opened, no evidence, no finding', async () => {
    const res = await caseAsOf('2030-01-01T06:00:00Z').expect(200);
    expect(res.body).toMatchObject({ id: caseId, state: 'evidenceGathering', version: 1, proposedFinding: null, finding: null, submittedBy: null, allowedEvents: [], evidence: [] });
    expect(res.body.criterion.code).toBe(caseId.split('.')[1]);
    expect(res.body.asOf).toBe('2030-01-01T06:00:00.000Z');
  });

  it('follows evidence revisions: the instant of a change includes it', async () => {
    let res = await caseAsOf(at(1)).expect(200);
    expect(res.body.version).toBe(2);
    expect(res.body.evidence).toHaveLength(1);
    expect(res.body.evidence[0]).toMatchObject({ id: evidenceId, revision: 1, title: 'First wording', stance: 'contradicts', retracted: false, createdBy: 'analyst' });

    res = await caseAsOf('2030-01-03T13:00:00Z').expect(200);
    expect(res.body.proposedFinding).toEqual({ rating: 'met', rationale: 'Courts reformed', narrative: 'N1' });
    expect(res.body.evidence[0]).toMatchObject({ revision: 2, title: 'Second wording', stance: 'supports', createdAt: at(1), revisedAt: at(3) });
    expect(res.body.evidence[0].revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    const current = (await t.http.get(`/api/evidence/${evidenceId}/revisions`).set(auth(auditor)).expect(200)).body;
    expect(res.body.evidence[0].revisions.map((r: { contentHash: string }) => r.contentHash)).toEqual(current.map((r: { contentHash: string }) => r.contentHash));
  });

  it('follows the review round and the REOPEN', async () => {
    let res = await caseAsOf(at(4)).expect(200);
    expect(res.body).toMatchObject({ state: 'inReview', submittedBy: 'analyst', finding: null });

    // The same instant written with an offset.
    res = await caseAsOf('2030-01-05T14:30:00+02:00').expect(200);
    expect(res.body).toMatchObject({ state: 'approved', version: 6, finding: { rating: 'met', approvedBy: 'reviewer', approvedAt: at(5) } });

    res = await caseAsOf(at(6)).expect(200);
    expect(res.body).toMatchObject({ state: 'evidenceGathering', finding: null, submittedBy: 'analyst', proposedFinding: { rating: 'met' } });
    expect(res.body.evidence[0].retracted).toBe(false);

    res = await caseAsOf(at(7)).expect(200);
    expect(res.body.evidence[0]).toMatchObject({ retracted: true, retractedReason: 'Source withdrew it', retractedBy: 'analyst', retractedAt: at(7), revision: 2 });
  });

  it('agrees with the live case at the present', async () => {
    const live = (await t.http.get(`/api/cases/${caseId}`).set(auth(auditor)).expect(200)).body;
    const past = (await caseAsOf('2031-01-01T00:00:00Z').expect(200)).body;
    for (const field of ['state', 'version', 'proposedFinding', 'finding', 'submittedBy', 'updatedAt']) expect(past[field]).toEqual(live[field]);
    const evidence = (await t.http.get(`/api/cases/${caseId}/evidence`).set(auth(auditor)).expect(200)).body;
    expect(past.evidence.map((e: { id: string; revision: number; retracted: boolean }) => [e.id, e.revision, e.retracted])).toEqual(
      evidence.map((e: { id: string; revision: number; retracted: boolean }) => [e.id, e.revision, e.retracted]),
    );
  });

  it('pages the evidence then: 50 items unless asked otherwise, any page on request, the total of the whole', async () => {
    const other = (await t.http.get('/api/cycles/CA-FY2008').set(auth(analyst)).expect(200)).body.cases[1].id;
    clock.set(new Date(at(9)));
    const before = (await t.http.get(`/api/cases/${other}/evidence`).set(auth(auditor)).expect(200)).body.length;
    for (let n = 0; n < 51; n += 17) {
      await Promise.all(Array.from({ length: Math.min(17, 51 - n) }, (_, k) => t.http.post(`/api/cases/${other}/evidence`).set(auth(analyst)).send(evidenceBody({ title: `Paged ${n + k}` })).expect(201)));
    }
    const view = (query: Record<string, unknown>) => t.http.get(`/api/cases/${other}`).query({ asOf: '2031-01-01T00:00:00Z', ...query }).set(auth(auditor));
    const total = before + 51;
    const whole = (await view({ evidencePageSize: 200 }).expect(200)).body;
    expect(whole.evidence).toHaveLength(total);
    expect(whole.evidencePage).toEqual({ page: 1, pageSize: 200, total });
    const ids = whole.evidence.map((e: { id: string }) => e.id);
    const first = (await view({}).expect(200)).body;
    expect(first.evidencePage).toEqual({ page: 1, pageSize: 50, total });
    expect(first.evidence.map((e: { id: string }) => e.id)).toEqual(ids.slice(0, 50));
    const second = (await view({ evidencePage: 2, evidencePageSize: 7 }).expect(200)).body;
    expect(second.evidence.map((e: { id: string }) => e.id)).toEqual(ids.slice(7, 14));
    expect(second.evidence[0]).toMatchObject({ revision: 1, retracted: false });
    const beyond = (await view({ evidencePage: 99 }).expect(200)).body;
    expect(beyond).toMatchObject({ evidence: [], evidencePage: { page: 99, pageSize: 50, total } });
    // Before the items existed, the case had only what it had.
    expect((await view({ asOf: at(8) }).expect(200)).body.evidencePage.total).toBe(before);
    for (const bad of [{ evidencePage: 0 }, { evidencePage: 'x' }, { evidencePageSize: 201 }, { evidencePageSize: 0 }]) {
      const res = await view(bad);
      expect([bad, res.status]).toEqual([bad, 400]);
    }
    const live = await t.http.get(`/api/cases/${other}`).query({ evidencePage: 2 }).set(auth(auditor)).expect(400);
    expect(live.body).toMatchObject({ code: 'AS_OF_REQUIRED' });
  });

  it('shows the cycle and its cases as they stood', async () => {
    let res = await t.http.get('/api/cycles/CA-FY2008').query({ asOf: at(5) }).set(auth(auditor)).expect(200);
    expect(res.body).toMatchObject({ id: 'CA-FY2008', state: 'assessing', version: 1, allowedEvents: [], asOf: at(5) });
    const live = (await t.http.get('/api/cycles/CA-FY2008').set(auth(auditor)).expect(200)).body;
    expect(res.body).toMatchObject({ statuteId: live.statuteId, fiscalYear: live.fiscalYear, withheldCents: live.withheldCents, withheldPercent: live.withheldPercent });
    expect(res.body.cases.map((c: { id: string }) => c.id)).toEqual(live.cases.map((c: { id: string }) => c.id));
    expect(res.body.cases.find((c: { id: string }) => c.id === caseId)).toMatchObject({ state: 'approved', finding: { rating: 'met' } });
    res = await t.http.get('/api/cycles/CA-FY2008').query({ asOf: at(6) }).set(auth(auditor)).expect(200);
    expect(res.body.cases.find((c: { id: string }) => c.id === caseId)).toMatchObject({ state: 'evidenceGathering', finding: null });
  });

  it('answers 404 before the record existed or for an unknown id, 400 for a malformed time', async () => {
    let res = await caseAsOf('2029-12-31T23:59:59Z').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'CASE_NOT_FOUND' });
    await t.http.get('/api/cycles/CA-FY2008').query({ asOf: '1999-01-01' }).set(auth(auditor)).expect(404);
    await t.http.get('/api/cases/NOPE.NOPE').query({ asOf: at(5) }).set(auth(auditor)).expect(404);
    for (const bad of ['yesterday', '2030-13-01', '2030-02-30T00:00:00Z', '', '2030-01-01T25:00:00Z']) {
      res = await caseAsOf(bad);
      expect([bad, res.status]).toEqual([bad, 400]);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    await t.http.get('/api/cycles/CA-FY2008').query({ asOf: 'soon' }).set(auth(auditor)).expect(400);
  });

  it('rebuilds from the journal, not from the current rows', async () => {
    await t.sql(`UPDATE cases SET state = 'reported', proposed_rating = 'met', submitted_by = 'nobody' WHERE id = ${database === 'postgres' ? '$1' : '?'}`, [caseId]);
    const past = (await caseAsOf('2031-01-01T00:00:00Z').expect(200)).body;
    expect(past).toMatchObject({ state: 'evidenceGathering', submittedBy: 'analyst', proposedFinding: { rating: 'not_met', rationale: 'Reform stalled' } });
  });
});
