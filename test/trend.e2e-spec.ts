import request from 'supertest';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// The trend picture agrees with the cycles' decisions. The test's cycles apply Colombia's
// FY2020 and FY2022 provisions to FY2041 and FY2042 funds, apart from the demo's own years.
describe.each(testDatabases())('trend of one recipient across fiscal years (%s)', (database) => {
  let t: TestApp;
  let analyst: string, reviewer: string, manager: string, auditor: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const Y1 = 'CO-FY2041-T';
  const Y2 = 'CO-FY2042-T';

  async function open(id: string, statuteId: string, fiscalYear: number, bases: Record<string, number>) {
    await t.http.post('/api/cycles').set(auth(manager))
      .send({ id, statuteId, fiscalYear, recipient: 'CO', obligationDeadline: `${fiscalYear + 1}-09-30`, tranches: Object.entries(bases).map(([code, baseCents]) => ({ code, baseCents })) })
      .expect(201);
  }

  async function assess(caseId: string, rating: string) {
    await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody()).expect(201);
    await t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst)).send({ rating, rationale: `Assessed ${rating}`, narrative: '' }).expect(200);
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(200);
  }

  const decide = async (cycleId: string, tranche: string, body: Record<string, unknown>) => {
    await t.http.post(`/api/cycles/${cycleId}/events`).set(auth(manager)).send({ type: 'PREPARE_MEMO', tranche }).expect(200);
    await t.http.post(`/api/cycles/${cycleId}/events`).set(auth(manager)).send({ tranche, ...body }).expect(200);
  };

  beforeAll(async () => {
    t = await createTestApp({ database });
    [analyst, reviewer, manager, auditor] = await Promise.all(['analyst', 'reviewer', 'manager', 'auditor'].map((u) => t.token(u)));
    await open(Y1, 'PL116-94-CO-FY2020', 2041, { A: 100_000_000_00, B: 50_000_000_00 });
    await assess(`${Y1}.CO-FY20-INCLE-STRATEGY`, 'met');
    await decide(Y1, 'A', { type: 'DECIDE_RELEASE' });
    for (const code of ['CO-FY20-FMF-JEP', 'CO-FY20-FMF-DEFENDERS', 'CO-FY20-FMF-FALSE-POSITIVES']) await assess(`${Y1}.${code}`, code.endsWith('JEP') ? 'partially_met' : 'not_met');
    await decide(Y1, 'B', { type: 'DECIDE_WITHHOLD', comment: 'Criteria not met' });
    await open(Y2, 'PL117-103-CO-FY2022', 2042, { A: 80_000_000_00, 'B-I': 40_000_000_00, 'B-II': 20_000_000_00 });
    await assess(`${Y2}.CO-FY22-POLICE-PROTESTS`, 'not_met');
    await decide(Y2, 'B-II', { type: 'DECIDE_REPROGRAM', destination: 'Assistance for Colombian civil society organizations', amountCents: 60_000_000 });
    await assess(`${Y2}.CO-FY22-FMF-JEP`, 'met');
  });
  afterAll(async () => t?.close());

  it('puts each family\'s approved finding and its tranche\'s decision in the cell for its year, as the cycles record them', async () => {
    const res = await t.http.get('/api/trends/PL117-103-CO-FY2022/CO').set(auth(auditor)).expect(200);
    expect(res.body.recipient).toEqual({ code: 'CO', name: expect.stringContaining('Colombia') });
    const { years, rows } = res.body.grid;
    const col = (year: number) => years.findIndex((y: { fiscalYear: number }) => y.fiscalYear === year);
    const [c41, c42] = [col(2041), col(2042)];
    expect(years[c41].cycleId).toBe(Y1);
    expect(years[c42].cycleId).toBe(Y2);
    const cell = (family: string, column: number) => rows.find((r: { family: string }) => r.family === family)?.cells[column];

    // Each cell is checked against the cycle as GET /api/cycles answers it.
    for (const [cycleId, column] of [[Y1, c41], [Y2, c42]] as const) {
      const cycle = (await t.http.get(`/api/cycles/${cycleId}`).set(auth(auditor)).expect(200)).body;
      const outcomeOf = (code: string) => ({ release: 'released', withhold: 'withheld', reprogram: 'reprogrammed', waive: 'waived' } as Record<string, string>)[cycle.tranches.find((x: { code: string }) => x.code === code).decision?.type] ?? null;
      for (const c of cycle.cases) {
        const view = (await t.http.get(`/api/cases/${c.id}`).set(auth(auditor)).expect(200)).body;
        expect(cell(view.criterion.family, column)).toEqual({ cycleId, caseId: c.id, tranche: c.tranche, finding: view.finding?.rating ?? null, outcome: outcomeOf(c.tranche) });
      }
      const withheld = cycle.tranches.reduce((n: number, x: { withheldCents: number }) => n + x.withheldCents, 0);
      expect(years[column].withheldCents).toBe(withheld);
    }
    expect(cell('CO-CN-COCA-REDUCTION', c41)).toMatchObject({ finding: 'met', outcome: 'released' });
    expect(cell('CO-HR-FALSE-POSITIVES-ACCOUNTABILITY', c41)).toMatchObject({ finding: 'not_met', outcome: 'withheld' });
    expect(cell('CO-HR-POLICE-PROTESTS', c42)).toMatchObject({ finding: 'not_met', outcome: 'reprogrammed' });
    expect(cell('CO-HR-JEP-ACCOUNTABILITY', c42)).toMatchObject({ finding: 'met', outcome: null });
    expect(cell('CO-HR-POLICE-PROTESTS', c41)).toBeNull();
    // 20% of $100M released; 20% of $50M withheld. FY2042: 5% of $20M, $600,000 of it reprogrammed.
    expect(years[c41]).toMatchObject({ withheldCents: 30_000_000_00, releasedCents: 20_000_000_00, reprogrammedCents: 0, stillWithheldCents: 10_000_000_00 });
    expect(years[c42]).toMatchObject({ releasedCents: 0, reprogrammedCents: 60_000_000 });
  });

  it('serves the same figures as CSV, and 404 for an unknown provision or a recipient it does not name', async () => {
    const csv = await t.http.get('/api/trends/PL116-94-CO-FY2020/CO/csv').set(auth(auditor)).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toContain(`criterion,2041,${Y1},CO-CN-COCA-REDUCTION,`);
    expect(csv.text).toContain(`,${Y1}.CO-FY20-INCLE-STRATEGY,A,met,released,,,,\r\n`);
    expect(csv.text).toContain(`year,2041,${Y1},,,,,,,3000000000,2000000000,0,1000000000\r\n`);
    let res = await t.http.get('/api/trends/NO-SUCH/CO').set(auth(auditor)).expect(404);
    expect(res.body.code).toBe('STATUTE_NOT_FOUND');
    res = await t.http.get('/api/trends/PL117-103-CO-FY2022/HN').set(auth(auditor)).expect(404);
    expect(res.body.code).toBe('RECIPIENT_NOT_FOUND');
    await t.http.get('/api/trends/PL117-103-CO-FY2022/CO').expect(401);
  });

  it('renders the page as server-side SVG with a table alternative and a CSV link, and no script', async () => {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    await agent.post('/login').type('form').send({ _csrf: csrf, username: 'auditor', password: 'demo' }).expect(303);
    const page = await agent.get('/trends/PL117-103-CO-FY2022/CO').expect(200);
    expect(page.text).toMatch(/<svg[^>]+role="img"[^>]+aria-labelledby="trend-svg-title trend-svg-desc"/);
    expect(page.text).not.toMatch(/<script/i);
    expect(page.text).toContain('<table class="table" id="trend-table">');
    expect(page.text).toContain(`<a href="/cases/${Y2}.CO-FY22-POLICE-PROTESTS">Not met</a><br>Reprogrammed`);
    expect(page.text).toContain('href="/trends/PL117-103-CO-FY2022/CO/csv"');
    const csv = await agent.get('/trends/PL117-103-CO-FY2022/CO/csv').expect(200);
    expect(csv.headers['content-disposition']).toContain('attachment');
    expect(csv.text.split('\r\n')[0]).toBe('row,fiscal_year,cycle_id,family,criterion,case_id,tranche,finding,outcome,withheld_cents,released_cents,reprogrammed_cents,still_withheld_cents');
  });
});
