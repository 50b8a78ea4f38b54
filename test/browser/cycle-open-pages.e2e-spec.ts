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
    // Without the tranche on a multi-tranche cycle: refused on the page, nothing changes.
    const bare = await agent.post('/cycles/CO-FY2022/events').type('form').send({ _csrf: csrf, type: 'RESUME_ASSESSMENT', comment: 'x' });
    expect(bare.status).toBeGreaterThanOrEqual(400);
    expect(bare.status).toBeLessThan(500);
    expect(bare.headers['content-type']).toContain('text/html');
    expect((await apiCycle('CO-FY2022')).version).toBe(after.version);
  });

  it('keeps a single-tranche board as before: one money panel and the cycle actions', async () => {
    const { agent } = await signIn('manager');
    const board = await agent.get('/cycles/MX-FY2014').expect(200);
    expect(panels(board.text)).toEqual([]);
    expect(board.text).toContain('id="actions-heading"');
    expect(board.text).not.toContain('name="tranche"');
  });
});
