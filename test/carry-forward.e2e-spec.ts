import request from 'supertest';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// Carrying last year's assessment into a new cycle for Colombia. The cycles apply the FY2022
// and FY2024 provisions to FY2026 and FY2027 funds (carried into later acts), so that they
// never meet the demo's own Colombia cycles.
describe.each(testDatabases())('carry-forward into a new cycle (%s)', (database) => {
  let t: TestApp;
  let analyst: string, analyst2: string, reviewer: string, manager: string, auditor: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const OLD = 'CO-FY2026-T';
  const NEW = 'CO-FY2027-T';
  const oldCase = (code: string) => `${OLD}.${code}`;
  const newCase = (code: string) => `${NEW}.${code}`;
  const evidenceIds: Record<string, string> = {};

  async function open(id: string, statuteId: string, fiscalYear: number, obligationDeadline: string, tranches: string[]) {
    const res = await t.http.post('/api/cycles').set(auth(manager))
      .send({ id, statuteId, fiscalYear, recipient: 'CO', obligationDeadline, tranches: tranches.map((code) => ({ code, baseCents: 10_000_000_00 })) });
    expect(res.status).toBe(201);
  }

  async function addEvidence(caseId: string, name: string, periodStart: string, periodEnd: string) {
    const res = await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst))
      .send(evidenceBody({ title: `${name}: report`, periodStart, periodEnd, sourceDate: '2027-01-15' })).expect(201);
    evidenceIds[name] = res.body.id;
  }

  async function approve(caseId: string, rating: string, rationale: string) {
    await t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst)).send({ rating, rationale, narrative: `Narrative: ${rationale}` }).expect(200);
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(200);
  }

  beforeAll(async () => {
    t = await createTestApp({ database });
    [analyst, analyst2, reviewer, manager, auditor] = await Promise.all(['analyst', 'analyst2', 'reviewer', 'manager', 'auditor'].map((u) => t.token(u)));
    await open(OLD, 'PL117-103-CO-FY2022', 2026, '2027-09-30', ['A', 'B-I', 'B-II']);
    // The FY2027 window (tranche B, no look-back) runs from 2026-10-01 to 2028-09-30.
    await addEvidence(oldCase('CO-FY22-FMF-JEP'), 'before-window', '2025-10-01', '2026-09-30');
    await addEvidence(oldCase('CO-FY22-FMF-JEP'), 'overlapping', '2026-06-01', '2026-12-31');
    await addEvidence(oldCase('CO-FY22-FMF-JEP'), 'retracted', '2027-01-01', '2027-06-30');
    await t.http.post(`/api/evidence/${evidenceIds.retracted}/retract`).set(auth(analyst)).send({ reason: 'Duplicate of another report' }).expect(200);
    await approve(oldCase('CO-FY22-FMF-JEP'), 'partially_met', 'Sentences handed down, few with deprivation of liberty');
    await addEvidence(oldCase('CO-FY22-FMF-FALSE-POSITIVES'), 'inside', '2027-02-01', '2027-03-01');
    await approve(oldCase('CO-FY22-FMF-FALSE-POSITIVES'), 'not_met', 'No removals from active duty');
    await open(NEW, 'PL118-47-CO-FY2024', 2027, '2028-09-30', ['A', 'B']);
  });
  afterAll(async () => t?.close());

  it('offers, per case, the earlier case of its family, unchanged text or the diff, the evidence in the window and last year\'s finding', async () => {
    const res = await t.http.get(`/api/cycles/${NEW}/carry-forward`).set(auth(analyst2)).expect(200);
    expect(res.body.source).toEqual({ cycleId: OLD, fiscalYear: 2026 });
    const byCode = new Map(res.body.cases.map((c: { criterionCode: string }) => [c.criterionCode, c]));
    expect(byCode.get('CO-FY24-FMF-JEP')).toMatchObject({
      source: { caseId: oldCase('CO-FY22-FMF-JEP') },
      textUnchanged: true,
      window: { start: '2026-10-01', end: '2028-09-30' },
      finding: { rating: 'partially_met', rationale: 'Sentences handed down, few with deprivation of liberty' },
      carried: false,
      open: true,
    });
    expect((byCode.get('CO-FY24-FMF-JEP') as { evidence: Array<{ title: string; verdict: string }> }).evidence.map((e) => [e.title, e.verdict])).toEqual([
      ['before-window: report', 'outside_window'],
      ['overlapping: report', 'copy'],
      ['retracted: report', 'retracted'],
    ]);
    const falsePositives = byCode.get('CO-FY24-FMF-FALSE-POSITIVES') as { textUnchanged: boolean; diff: { changed: boolean; summary: string } };
    expect(falsePositives.textUnchanged).toBe(false);
    expect(falsePositives.diff.changed).toBe(true);
    // A family new in FY2024 has nothing to carry.
    expect(byCode.get('CO-FY24-FMF-ARMED-FORCES-COOPERATION')).toMatchObject({ source: null, textUnchanged: null, evidence: [], finding: null });
  });

  it('refuses non-analysts, unknown cycles, foreign case ids and a backwards window, changing nothing', async () => {
    let res = await t.http.post(`/api/cycles/${NEW}/carry-forward`).set(auth(manager)).send({}).expect(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
    res = await t.http.post('/api/cycles/NO-SUCH/carry-forward').set(auth(analyst2)).send({}).expect(404);
    expect(res.body.code).toBe('CYCLE_NOT_FOUND');
    res = await t.http.post(`/api/cycles/${NEW}/carry-forward`).set(auth(analyst2)).send({ cases: [oldCase('CO-FY22-FMF-JEP')] }).expect(400);
    expect(res.body.code).toBe('CASE_NOT_IN_CYCLE');
    res = await t.http.post(`/api/cycles/${NEW}/carry-forward`).set(auth(analyst2)).send({ windowStart: '2028-01-01', windowEnd: '2027-01-01' }).expect(400);
    expect(res.body.code).toBe('INVALID_WINDOW');
    res = await t.http.post(`/api/cycles/${NEW}/carry-forward`).set(auth(analyst2)).send({ cases: 'all' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const evidence = await t.http.get(`/api/cases/${newCase('CO-FY24-FMF-JEP')}/evidence`).set(auth(analyst2)).expect(200);
    expect(evidence.body).toEqual([]);
  });

  it('copies only overlapping live evidence as new items citing their origin, drafts last year\'s finding, and journals each copy', async () => {
    const res = await t.http.post(`/api/cycles/${NEW}/carry-forward`).set(auth(analyst2)).send({}).expect(200);
    // JEP and false positives: one item and a finding each; the other cases had nothing to copy.
    expect(res.body.copied).toEqual({ evidence: 2, findings: 2 });
    const jep = newCase('CO-FY24-FMF-JEP');
    const copies = (await t.http.get(`/api/cases/${jep}/evidence`).set(auth(analyst2)).expect(200)).body;
    expect(copies).toHaveLength(1);
    const original = (await t.http.get(`/api/evidence/${evidenceIds.overlapping}`).set(auth(analyst2)).expect(200)).body;
    expect(copies[0].id).not.toBe(original.id);
    expect(copies[0]).toMatchObject({ caseId: jep, revision: 1, title: original.title, periodStart: original.periodStart, summary: original.summary, createdBy: 'analyst2' });
    // Copied, never moved: the FY2026 case keeps all three items.
    expect((await t.http.get(`/api/cases/${oldCase('CO-FY22-FMF-JEP')}/evidence`).set(auth(analyst2)).expect(200)).body).toHaveLength(3);

    const c = (await t.http.get(`/api/cases/${jep}`).set(auth(analyst2)).expect(200)).body;
    // A draft for this year's review: proposed, not approved.
    expect(c).toMatchObject({ state: 'evidenceGathering', finding: null, proposedFinding: { rating: 'partially_met', rationale: 'Sentences handed down, few with deprivation of liberty' } });

    const history = (await t.http.get(`/api/cases/${jep}/history`).set(auth(auditor)).expect(200)).body;
    const added = history.filter((h: { event: string }) => h.event === 'ADD_EVIDENCE');
    expect(added).toHaveLength(1);
    expect(added[0].payload.carriedFrom).toEqual({ cycleId: OLD, caseId: oldCase('CO-FY22-FMF-JEP'), evidenceId: original.id, revision: 1, contentHash: original.contentHash });
    const proposed = history.filter((h: { event: string }) => h.event === 'PROPOSE_FINDING');
    expect(proposed).toHaveLength(1);
    expect(proposed[0].payload.carriedFrom).toMatchObject({ cycleId: OLD, caseId: oldCase('CO-FY22-FMF-JEP'), textUnchanged: true });

    // Offered once: the second attempt copies nothing.
    const again = await t.http.post(`/api/cycles/${NEW}/carry-forward`).set(auth(analyst2)).send({}).expect(200);
    expect(again.body.copied).toEqual({ evidence: 0, findings: 0 });
    expect(again.body.cases.find((x: { caseId: string }) => x.caseId === jep).carried).toBe(true);

    // The journal and the live tables still agree.
    const verify = await t.http.get('/api/audit/verify').set(auth(auditor)).expect(200);
    expect(verify.body.ok).toBe(true);
  });

  it('sends a carried-forward assessment through review again, where its copier may not approve it', async () => {
    const jep = newCase('CO-FY24-FMF-JEP');
    await t.http.post(`/api/cases/${jep}/events`).set(auth(analyst2)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
    let c = (await t.http.get(`/api/cases/${jep}`).set(auth(reviewer)).expect(200)).body;
    expect(c).toMatchObject({ state: 'inReview', finding: null, allowedEvents: expect.arrayContaining(['APPROVE']) });
    await t.http.post(`/api/cases/${jep}/events`).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(200);
    c = (await t.http.get(`/api/cases/${jep}`).set(auth(reviewer)).expect(200)).body;
    expect(c.finding).toMatchObject({ rating: 'partially_met', approvedBy: 'reviewer' });
  });

  it('copies once when two carry-forwards race: the other answers 200 with nothing left to copy, or 409', async () => {
    const next = 'CO-FY2028-T';
    await open(next, 'PL118-47-CO-FY2024', 2028, '2029-09-30', ['A', 'B']);
    const [a, b] = await Promise.all([0, 1].map(() => t.http.post(`/api/cycles/${next}/carry-forward`).set(auth(analyst2)).send({})));
    expect([a.status, b.status].sort()).toEqual(expect.arrayContaining([200]));
    for (const res of [a, b]) expect([200, 409]).toContain(res.status);
    const jep = `${next}.CO-FY24-FMF-JEP`;
    const history = (await t.http.get(`/api/cases/${jep}/history`).set(auth(auditor)).expect(200)).body;
    expect(history.filter((h: { event: string }) => h.event === 'PROPOSE_FINDING')).toHaveLength(1);
    const c = (await t.http.get(`/api/cases/${jep}`).set(auth(auditor)).expect(200)).body;
    expect(c.proposedFinding).toMatchObject({ rating: 'partially_met' });
  });

  it('marks the unchanged-text case on its page, and shows the diff beside the draft where the text changed', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    await agent.post('/login').type('form').send({ _csrf: csrf, username: 'analyst2', password: 'demo' }).expect(303);
    const page = await agent.get(`/cases/${newCase('CO-FY24-FMF-DEFENDERS')}`).expect(200);
    expect(page.text).toContain('Text unchanged since FY2022');
    expect(page.text).toContain(`Carried forward from <a href="/cases/${oldCase('CO-FY22-FMF-DEFENDERS')}">`);
    const changed = await agent.get(`/cases/${newCase('CO-FY24-FMF-FALSE-POSITIVES')}`).expect(200);
    expect(changed.text).toContain('Changed since FY2022');
    expect(changed.text).toMatch(/<ins>[^<]+<\/ins>/);
    expect(changed.text).toContain('Changes in wording: </span>adds:');

    // The carry-forward page says what was taken over; a form with no case ticked carries nothing.
    const offer = await agent.get(`/cycles/${NEW}/carry-forward`).expect(200);
    expect(offer.text).toContain(`<a href="/cycles/${OLD}">${OLD}</a>`);
    expect(offer.text).toContain('Text unchanged since FY2026.');
    expect(offer.text).toContain('Already carried forward.');
    expect(offer.text).toContain('Not copied (its period is outside the window): <cite>before-window: report</cite>');
    const token = /name="_csrf" value="([^"]+)"/.exec(offer.text)?.[1] ?? '';
    const refused = await agent.post(`/cycles/${NEW}/carry-forward`).type('form').send({ _csrf: token }).expect(400);
    expect(refused.text).toContain('Tick at least one case to carry forward');
  });
});
