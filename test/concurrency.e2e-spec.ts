import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// Parallel requests: on one record exactly one wins and the rest get 409; on different
// records all succeed; no write answered 2xx is ever lost, and the journal stays gapless.
describe.each(testDatabases())('concurrent writes (%s)', (database) => {
  let t: TestApp;
  let analyst: string, manager: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp({ database });
    [analyst, manager] = await Promise.all([t.token('analyst'), t.token('manager')]);
  });
  afterAll(async () => t?.close());

  async function readyCase(caseId: string) {
    await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody()).expect(201);
    await t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst)).send({ rating: 'met', rationale: 'r', narrative: 'n' }).expect(200);
  }

  async function journalIsGapless() {
    const rows = await t.sql<{ seq: string | number }>('SELECT seq FROM journal ORDER BY seq');
    const seqs = rows.map((r) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const [head] = await t.sql<{ seq: string | number }>('SELECT seq FROM journal_head WHERE id = 1');
    expect(Number(head.seq)).toBe(seqs.length);
  }

  it('lets exactly one of ten parallel events on one case win', async () => {
    const caseId = 'CA-FY2008.CA-FY08-POLICE-COMPLAINTS';
    await readyCase(caseId);
    const before = await t.http.get(`/api/cases/${caseId}`).set(auth(analyst)).expect(200);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', state: 'inReview' });
    }
    const after = await t.http.get(`/api/cases/${caseId}`).set(auth(analyst)).expect(200);
    expect(after.body.version).toBe(before.body.version + 1);
    const history = await t.http.get(`/api/cases/${caseId}/history`).set(auth(analyst)).expect(200);
    expect(history.body.filter((h: { event: string }) => h.event === 'SUBMIT_FOR_REVIEW')).toHaveLength(1);
    await journalIsGapless();
  });

  it('lets exactly one of parallel edits carrying the same expectedVersion win', async () => {
    const caseId = 'CA-FY2008.CA-FY08-JUDICIARY';
    const { body } = await t.http.get(`/api/cases/${caseId}`).set(auth(analyst)).expect(200);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst)).send({ rating: 'met', rationale: `r${i}`, narrative: '', expectedVersion: body.version }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array(7).fill(409)]);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'VERSION_CONFLICT')).toBe(true);
  });

  it('loses none of many parallel evidence additions to one case', async () => {
    const caseId = 'CA-FY2008.CA-FY08-PROSECUTE';
    const { body } = await t.http.get(`/api/cases/${caseId}`).set(auth(analyst)).expect(200);
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ title: `Item ${i}` }))),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const list = await t.http.get(`/api/cases/${caseId}/evidence`).set(auth(analyst)).expect(200);
    expect(list.body.map((e: { title: string }) => e.title).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `Item ${i}`).sort());
    const after = await t.http.get(`/api/cases/${caseId}`).set(auth(analyst)).expect(200);
    expect(after.body.version).toBe(body.version + 12);
    await journalIsGapless();
  });

  it('lets parallel events on different cases all succeed', async () => {
    const caseIds: string[] = [];
    for (const year of [2011, 2012, 2013]) {
      const res = await t.http.post('/api/cycles').set(auth(manager))
        .send({ id: `MX-FY${year}`, statuteId: 'PL111-8-MX', fiscalYear: year, appropriatedCents: 100_000_00, obligationDeadline: `${year + 1}-09-30` }).expect(201);
      caseIds.push(...res.body.cases.map((c: { id: string }) => c.id));
    }
    for (const id of caseIds) await readyCase(id);
    const responses = await Promise.all(caseIds.map((id) => t.http.post(`/api/cases/${id}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' })));
    expect(responses.map((r) => r.status)).toEqual(caseIds.map(() => 200));
    const states = await Promise.all(caseIds.map((id) => t.http.get(`/api/cases/${id}`).set(auth(analyst))));
    expect(states.every((r) => r.body.state === 'inReview')).toBe(true);
    await journalIsGapless();
  });
});
