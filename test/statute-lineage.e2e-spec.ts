import request from 'supertest';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// Year over year in the catalog: Colombia's conditions from FY2020 to FY2022, paired by family.
describe.each(testDatabases())('statute diff across fiscal years (%s)', (database) => {
  let t: TestApp;
  let analyst: string;
  const auth = () => ({ Authorization: `Bearer ${analyst}` });

  beforeAll(async () => {
    t = await createTestApp({ database, seedDemo: true });
    analyst = await t.token('analyst');
  });
  afterAll(async () => t?.close());

  it('pairs Colombia FY2020 and FY2022 by family and names the added clause and criteria', async () => {
    const res = await t.http.get('/api/statutes/PL117-103-CO-FY2022/diff?against=PL116-94-CO-FY2020').set(auth()).expect(200);
    expect(res.body.from).toMatchObject({ id: 'PL116-94-CO-FY2020', fiscalYearLabel: 'FY2020' });
    expect(res.body.to).toMatchObject({ id: 'PL117-103-CO-FY2022', fiscalYearLabel: 'FY2022' });
    const falsePositives = res.body.pairs.find((p: { family: string }) => p.family === 'CO-HR-FALSE-POSITIVES-ACCOUNTABILITY');
    expect(falsePositives).toMatchObject({ from: { code: 'CO-FY20-FMF-FALSE-POSITIVES', tranche: 'B' }, to: { code: 'CO-FY22-FMF-FALSE-POSITIVES', tranche: 'B-I' } });
    expect(falsePositives.diff.changed).toBe(true);
    expect(falsePositives.diff.deleted).toContain('senior');
    expect(falsePositives.diff.inserted).toContain('credibly alleged, or whose units are credibly alleged, to be');
    expect(falsePositives.diff.summary).toMatch(/^adds: “credibly alleged, or whose units are credibly alleged, to be”.*removes: “senior”/);
    expect(falsePositives.diff.runs.some((r: { kind: string; text: string }) => r.kind === 'inserted' && r.text.includes('other extrajudicial killings'))).toBe(true);
    // Four families carry over; FY2022 adds the peace-accord, networks, Afro-Colombian and police criteria.
    expect(res.body.pairs.map((p: { family: string }) => p.family).sort()).toEqual([
      'CO-CN-COCA-REDUCTION', 'CO-HR-DEFENDERS-PROTECTION', 'CO-HR-FALSE-POSITIVES-ACCOUNTABILITY', 'CO-HR-JEP-ACCOUNTABILITY',
    ]);
    expect(res.body.added.map((c: { code: string }) => c.code)).toEqual([
      'CO-FY22-INCLE-PEACE-ACCORD', 'CO-FY22-INCLE-NETWORKS-FARMERS', 'CO-FY22-FMF-AFRO-INDIGENOUS', 'CO-FY22-POLICE-PROTESTS',
    ]);
    expect(res.body.added.find((c: { code: string }) => c.code === 'CO-FY22-FMF-AFRO-INDIGENOUS').text).toContain('Afro-Colombian and Indigenous communities');
    expect(res.body.removed).toEqual([]);
  });

  it('answers 404 for an unknown provision on either side and 400 for a bad or missing query', async () => {
    let res = await t.http.get('/api/statutes/NO-SUCH/diff?against=PL116-94-CO-FY2020').set(auth()).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'STATUTE_NOT_FOUND' });
    res = await t.http.get('/api/statutes/PL117-103-CO-FY2022/diff?against=NO-SUCH').set(auth()).expect(404);
    expect(res.body.code).toBe('STATUTE_NOT_FOUND');
    for (const query of ['', '?against=', '?against=lower-case', '?against=A&against=B', '?against=PL116-94-CO-FY2020&extra=1']) {
      res = await t.http.get(`/api/statutes/PL117-103-CO-FY2022/diff${query}`).set(auth()).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    }
    await t.http.get('/api/statutes/PL117-103-CO-FY2022/diff?against=PL116-94-CO-FY2020').expect(401);
  });

  it('shows a later act\'s change to a year\'s conditions on the cycle of that year, and only there', async () => {
    const manager = await t.token('manager');
    // NT FY2020 sec. 7045(a)(1)(B) puts FY2019 funds under the FY2020 conditions, notwithstanding the FY2019 act.
    for (const [id, fiscalYear] of [['NT-FY2019-HN-T', 2019], ['NT-FY2030-HN-T', 2030]] as const) {
      await t.http.post('/api/cycles').set({ Authorization: `Bearer ${manager}` })
        .send({ id, statuteId: 'PL116-94-NT-FY2020', fiscalYear, recipient: 'HN', obligationDeadline: `${fiscalYear + 1}-09-30`, tranches: [{ code: 'A', baseCents: 100_000_00 }] })
        .expect(201);
    }
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    await agent.post('/login').type('form').send({ _csrf: csrf, username: 'manager', password: 'demo' }).expect(303);
    const affected = await agent.get('/cycles/NT-FY2019-HN-T').expect(200);
    expect(affected.text).toContain('Pub. L. 116-94, div. G, sec. 7045(a)(1)(B) changes the conditions on FY2019 funds</strong>');
    expect(affected.text).toContain('notwithstanding paragraphs (1) and (2) of section 7045(a)');
    const other = await agent.get('/cycles/NT-FY2030-HN-T').expect(200);
    expect(other.text).not.toContain('changes the conditions on');
    expect(other.text).toContain('href="/trends/PL116-94-NT-FY2020/HN"');
  });

  /** Approves every case of a tranche and prepares its memo; answers the memo in HTML and Markdown. */
  async function memoOf(cycleId: string, tranche: string): Promise<{ html: string; md: string }> {
    const [a, r, m] = await Promise.all(['analyst', 'reviewer', 'manager'].map((u) => t.token(u)));
    const cycle = (await t.http.get(`/api/cycles/${cycleId}`).set({ Authorization: `Bearer ${m}` }).expect(200)).body;
    for (const c of cycle.cases.filter((x: { tranche: string }) => x.tranche === tranche)) {
      await t.http.post(`/api/cases/${c.id}/evidence`).set({ Authorization: `Bearer ${a}` }).send(evidenceBody()).expect(201);
      await t.http.put(`/api/cases/${c.id}/proposed-finding`).set({ Authorization: `Bearer ${a}` }).send({ rating: 'met', rationale: 'Met on the record', narrative: '' }).expect(200);
      await t.http.post(`/api/cases/${c.id}/events`).set({ Authorization: `Bearer ${a}` }).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
      await t.http.post(`/api/cases/${c.id}/events`).set({ Authorization: `Bearer ${r}` }).send({ type: 'APPROVE' }).expect(200);
    }
    await t.http.post(`/api/cycles/${cycleId}/events`).set({ Authorization: `Bearer ${m}` }).send({ type: 'PREPARE_MEMO', tranche }).expect(200);
    const get = async (format: string) => (await t.http.get(`/api/cycles/${cycleId}/memo?format=${format}&tranche=${tranche}`).set({ Authorization: `Bearer ${m}` }).expect(200)).text;
    return { html: await get('html'), md: await get('md') };
  }

  it('says in the memo what changed in each criterion\'s wording since the previous act, and names a later act\'s change to the funds', async () => {
    const manager = await t.token('manager');
    await t.http.post('/api/cycles').set({ Authorization: `Bearer ${manager}` })
      .send({ id: 'CO-FY2043-T', statuteId: 'PL117-103-CO-FY2022', fiscalYear: 2043, recipient: 'CO', obligationDeadline: '2044-09-30', tranches: [{ code: 'A', baseCents: 100_00 }, { code: 'B-I', baseCents: 100_00 }, { code: 'B-II', baseCents: 100_00 }] })
      .expect(201);
    const colombia = await memoOf('CO-FY2043-T', 'A');
    expect(colombia.html).toMatch(/CO-FY22-INCLE-STRATEGY: [^<]+<br><span class="wording-change">Wording changed since FY2020: adds: “implementing an effective”, /);
    expect(colombia.md).toContain('(wording changed since FY2020: adds: “implementing an effective”');
    // Criteria new in FY2022 have no earlier wording to compare.
    expect(colombia.html).toMatch(/CO-FY22-INCLE-PEACE-ACCORD: Strategy in accordance with the 2016 peace accord<\/td>/);
    const honduras = await memoOf('NT-FY2019-HN-T', 'A');
    expect(honduras.html).toContain('<strong>Pub. L. 116-94, div. G, sec. 7045(a)(1)(B)</strong> changes the conditions on these funds: such funds shall be made available subject to the conditions');
    expect(honduras.md).toContain('changes the conditions on these funds: such funds shall be made available');
    const later = await memoOf('NT-FY2030-HN-T', 'A');
    expect(later.html).not.toContain('changes the conditions on these funds');
  });
});
