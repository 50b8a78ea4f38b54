import request from 'supertest';
import { createTestApp, TestApp, testDatabases } from '../support/test-app';

// The multi-tranche cycle board and the manager's "open a cycle" form over HTTP, on both databases.
describe.each(testDatabases())('cycle board and open-a-cycle pages (%s)', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ database });
  });
  afterAll(async () => t?.close());

  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const panels = (html: string) => [...html.matchAll(/<section class="card tranche-panel"[^>]* id="tranche-([^"]+)"/g)].map((m) => m[1]);

  async function signIn(username: string) {
    const agent = request.agent(t.app.getHttpServer());
    const form = await agent.get('/login').expect(200);
    await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), username, password: 'demo', next: '/' }).expect(303);
    const page = await agent.get('/').expect(200);
    return { agent, csrf: csrfOf(page.text) };
  }

  async function apiCycle(id: string) {
    const token = await t.token('auditor');
    return (await t.http.get(`/api/cycles/${id}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
  }

  it('shows CO-FY2022 with a money panel per tranche, and a tranche action posts its tranche', async () => {
    const { agent, csrf } = await signIn('manager');
    const board = await agent.get('/cycles/CO-FY2022').expect(200);
    expect(panels(board.text)).toEqual(['A', 'B-I', 'B-II']);
    expect(board.text).toContain('Tranche B-I: $100,000,000.00 × 20% &#x3D; $20,000,000.00');
    expect(board.text).not.toContain('id="actions-heading"');
    // Each tranche's document, previewed on its own: tranche A's transmitted certification.
    expect(board.text).toContain('href="/cycles/CO-FY2022/report?tranche=A"');
    const preview = await agent.get('/cycles/CO-FY2022/report?tranche=A').expect(200);
    expect(preview.text).toContain('src="/cycles/CO-FY2022/report/document?format&#x3D;html&amp;tranche&#x3D;A"');
    const certification = await agent.get('/cycles/CO-FY2022/report/document?format=html&tranche=A').expect(200);
    expect(certification.text).toContain('hereby certify');
    // Tranche B-I is withheld: its panel offers resuming the assessment, scoped to B-I.
    const bi = board.text.slice(board.text.indexOf('id="tranche-B-I"'), board.text.indexOf('id="tranche-B-II"'));
    expect(bi).toContain('name="tranche" value="B-I"');
    expect(bi).toContain('value="RESUME_ASSESSMENT"');
    const version = Number(/name="expectedVersion" value="(\d+)"/.exec(bi)![1]);
    const sent = await agent.post('/cycles/CO-FY2022/events').type('form')
      .send({ _csrf: csrf, type: 'RESUME_ASSESSMENT', tranche: 'B-I', comment: 'New evidence on the human-rights criteria', expectedVersion: String(version) }).expect(303);
    expect(sent.headers.location).toBe('/cycles/CO-FY2022?done=RESUME_ASSESSMENT');
    const after = await apiCycle('CO-FY2022');
    expect(after.tranches.map((tr: { code: string; state: string }) => `${tr.code}:${tr.state}`)).toEqual(['A:reportTransmitted', 'B-I:assessing', 'B-II:assessing']);
    // A final decision on one tranche: memo, then the confirmation page, which keeps the tranche.
    const memo = await agent.post('/cycles/CO-FY2022/events').type('form').send({ _csrf: csrf, type: 'PREPARE_MEMO', tranche: 'B-I' }).expect(303);
    expect(memo.headers.location).toBe('/cycles/CO-FY2022?done=PREPARE_MEMO');
    const drafted = (await agent.get('/cycles/CO-FY2022').expect(200)).text;
    const biDrafted = drafted.slice(drafted.indexOf('id="tranche-B-I"'), drafted.indexOf('id="tranche-B-II"'));
    expect(biDrafted).toContain('action="/cycles/CO-FY2022/confirm"');
    const confirm = await agent.post('/cycles/CO-FY2022/confirm').type('form').send({ _csrf: csrf, type: 'DECIDE_WITHHOLD', tranche: 'B-I', comment: 'JEP criterion still not met' }).expect(201);
    expect(confirm.text).toContain('name="tranche" value="B-I"');
    expect((await apiCycle('CO-FY2022')).tranches[1].state).toBe('memoDrafted');
    await agent.post('/cycles/CO-FY2022/events').type('form').send({ _csrf: csrf, type: 'DECIDE_WITHHOLD', tranche: 'B-I', comment: 'JEP criterion still not met' }).expect(303);
    const decided = await apiCycle('CO-FY2022');
    expect(decided.tranches.map((tr: { code: string; state: string }) => `${tr.code}:${tr.state}`)).toEqual(['A:reportTransmitted', 'B-I:withheld', 'B-II:assessing']);
    // Without the tranche on a multi-tranche cycle: refused on the page, nothing changes.
    const bare = await agent.post('/cycles/CO-FY2022/events').type('form').send({ _csrf: csrf, type: 'RESUME_ASSESSMENT', comment: 'x' });
    expect(bare.status).toBeGreaterThanOrEqual(400);
    expect(bare.status).toBeLessThan(500);
    expect(bare.headers['content-type']).toContain('text/html');
    expect((await apiCycle('CO-FY2022')).version).toBe(decided.version);
  });

  it('keeps a single-tranche board as before: one money panel and the cycle actions', async () => {
    const { agent } = await signIn('manager');
    const board = await agent.get('/cycles/MX-FY2014').expect(200);
    expect(panels(board.text)).toEqual([]);
    expect(board.text).toContain('id="actions-heading"');
    expect(board.text).not.toContain('name="tranche"');
  });

  it('opens NT FY2020 for a recipient through the form, showing refusals next to their fields', async () => {
    const { agent } = await signIn('manager');
    const list = (await agent.get('/cycles').expect(200)).text;
    expect(list).toContain('href="/cycles/new"');
    expect(list).toContain('<span class="hint">3 tranches</span>');
    expect(list).not.toContain('<span class="hint">%</span>');
    const picker = await agent.get('/cycles/new').expect(200);
    expect(picker.text).toContain('value="PL116-94-NT-FY2020"');
    const form = await agent.get('/cycles/new?statuteId=PL116-94-NT-FY2020').expect(200);
    expect(form.text).toContain('name="baseDollars-A"');
    expect(form.text).toContain('<option value="SV"');
    const csrf = csrfOf(form.text);
    const good = { _csrf: csrf, statuteId: 'PL116-94-NT-FY2020', id: 'NT-FY2020-SV', recipient: 'SV', fiscalYear: '2020', 'baseDollars-A': '$72,500,000.05', obligationDeadline: '2021-09-30' };

    const bad = await agent.post('/cycles/new').type('form').send({ ...good, 'baseDollars-A': '72.5e6', obligationDeadline: '30/09/2021' }).expect(400);
    expect(bad.headers['content-type']).toContain('text/html');
    expect(bad.text).toMatch(/id="baseDollars-A-error">Type dollars with digits/);
    expect(bad.text).toMatch(/id="obligationDeadline-error">obligationDeadline must be a date YYYY-MM-DD/);
    expect(bad.text).toContain('value="NT-FY2020-SV"');
    const token = await t.token('auditor');
    await t.http.get('/api/cycles/NT-FY2020-SV').set('Authorization', `Bearer ${token}`).expect(404);

    const opened = await agent.post('/cycles/new').type('form').send(good).expect(303);
    expect(opened.headers.location).toBe('/cycles/NT-FY2020-SV?done=OPEN_CYCLE');
    const cycle = await apiCycle('NT-FY2020-SV');
    expect(cycle).toMatchObject({ statuteId: 'PL116-94-NT-FY2020', fiscalYear: 2020, appropriatedCents: 7_250_000_005, withheldCents: 3_625_000_003, withheldPercent: 50 });
    expect(cycle.recipient.code ?? cycle.recipient).toBe('SV');
    const board = await agent.get(opened.headers.location).expect(200);
    expect(board.text).toContain('Cycle opened.');
    expect(board.text).toContain('$72,500,000.05');
    expect(board.text).toContain('$36,250,000.03');

    // The same triple again: the service's 409, shown on the form.
    const twin = await agent.post('/cycles/new').type('form').send({ ...good, id: 'NT-FY2020-SV-2' }).expect(409);
    expect(twin.text).toContain('already applies PL116-94-NT-FY2020 to fiscal year 2020 for SV');
  });

  it('refuses the form to anyone but a manager, and posts without the token', async () => {
    const { agent, csrf } = await signIn('analyst');
    expect((await agent.get('/cycles').expect(200)).text).not.toContain('href="/cycles/new"');
    await agent.get('/cycles/new').expect(403);
    const body = { _csrf: csrf, statuteId: 'PL116-94-NT-FY2020', id: 'NT-FY2020-HX', recipient: 'GT', fiscalYear: '2021', 'baseDollars-A': '1', obligationDeadline: '2022-09-30' };
    const refused = await agent.post('/cycles/new').type('form').send(body).expect(403);
    expect(refused.text).not.toContain('name="baseDollars-A"');
    const manager = await signIn('manager');
    await manager.agent.post('/cycles/new').type('form').send({ ...body, _csrf: 'forged' }).expect(403);
    const token = await t.token('auditor');
    await t.http.get('/api/cycles/NT-FY2020-HX').set('Authorization', `Bearer ${token}`).expect(404);
  });
});
