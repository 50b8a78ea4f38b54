import request from 'supertest';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// Lists that grow with the work: a case's evidence and history, on the API and the case page.

describe.each(testDatabases())('paged evidence and histories (%s)', (database) => {
  let t: TestApp;
  let analyst: string, auditor: string;
  let caseId: string;
  let before: number;
  const ADDED = 160;
  const stances = ['supports', 'contradicts', 'context'] as const;
  const grades = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const list = (query = '') => t.http.get(`/api/cases/${caseId}/evidence${query}`).set(auth(auditor));

  beforeAll(async () => {
    t = await createTestApp({ database });
    [analyst, auditor] = await Promise.all(['analyst', 'auditor'].map((u) => t.token(u)));
    caseId = (await t.sql(`SELECT id FROM cases WHERE state = 'evidenceGathering' ORDER BY id`))[0].id;
    before = (await list().expect(200)).body.length;
    for (let i = 0; i < ADDED; i += 1) {
      await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst))
        .send(evidenceBody({ title: `Item ${String(i).padStart(3, '0')}`, stance: stances[i % 3], reliability: grades[i % 6] })).expect(201);
    }
  });
  afterAll(async () => t?.close());

  it('answers the whole list as an array when no paging is asked for', async () => {
    const res = await list().expect(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(before + ADDED);
  });

  it('pages the evidence oldest first, with the counts of the whole case', async () => {
    const first = (await list('?page=1&pageSize=50').expect(200)).body;
    const all = (await list().expect(200)).body;
    expect(first).toMatchObject({ total: before + ADDED, page: 1, pageSize: 50 });
    expect(first.items.map((e: { id: string }) => e.id)).toEqual(all.slice(0, 50).map((e: { id: string }) => e.id));
    const last = (await list(`?page=${Math.ceil((before + ADDED) / 50)}&pageSize=50`).expect(200)).body;
    expect(last.items.map((e: { id: string }) => e.id)).toEqual(all.slice(50 * (last.page - 1)).map((e: { id: string }) => e.id));
    expect(last.items.at(-1).title).toBe(`Item ${ADDED - 1}`);
    expect(first.counts.all).toBe(before + ADDED);
    expect(Object.values(first.counts.stance).reduce((a: number, b) => a + (b as number), 0)).toBe(before + ADDED);
    expect(first.counts.stance.supports).toBe(all.filter((e: { stance: string }) => e.stance === 'supports').length);
    expect(first.counts.reliability.F).toBe(all.filter((e: { reliability: string }) => e.reliability === 'F').length);
    // A default page size when only the page is given.
    expect((await list('?page=2').expect(200)).body).toMatchObject({ page: 2, pageSize: 50 });
  });

  it('filters by stance and reliability grade', async () => {
    const all = (await list().expect(200)).body as Array<{ stance: string; reliability: string }>;
    const supports = (await list('?stance=supports&pageSize=200').expect(200)).body;
    expect(supports.total).toBe(all.filter((e) => e.stance === 'supports').length);
    expect(supports.items.every((e: { stance: string }) => e.stance === 'supports')).toBe(true);
    const both = (await list('?stance=context&reliability=C&pageSize=200').expect(200)).body;
    expect(both.total).toBe(all.filter((e) => e.stance === 'context' && e.reliability === 'C').length);
    expect(both.total).toBeGreaterThan(0);
    // The counts describe the whole case, not the filtered part.
    expect(both.counts.all).toBe(all.length);
  });

  it('refuses malformed paging and filters with 400, an unknown case with 404', async () => {
    for (const query of ['?page=0', '?pageSize=201', '?page=abc', '?stance=maybe', '?reliability=G', '?sort=title']) {
      const res = await list(query).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    }
    await t.http.get('/api/cases/NOPE.NOPE/evidence?page=1').set(auth(auditor)).expect(404);
  });

  it("pages a case's and a cycle's history, oldest or latest first", async () => {
    const whole = (await t.http.get(`/api/cases/${caseId}/history`).set(auth(auditor)).expect(200)).body;
    expect(whole.length).toBeGreaterThan(ADDED);
    const page = (await t.http.get(`/api/cases/${caseId}/history?page=2&pageSize=10`).set(auth(auditor)).expect(200)).body;
    expect(page).toMatchObject({ total: whole.length, page: 2, pageSize: 10 });
    expect(page.items).toEqual(whole.slice(10, 20));
    const latest = (await t.http.get(`/api/cases/${caseId}/history?pageSize=5&order=desc`).set(auth(auditor)).expect(200)).body;
    expect(latest.items).toEqual(whole.slice(-5).reverse());
    const cycleId = caseId.split('.')[0];
    const cycleWhole = (await t.http.get(`/api/cycles/${cycleId}/history`).set(auth(auditor)).expect(200)).body;
    const cyclePage = (await t.http.get(`/api/cycles/${cycleId}/history?page=1&pageSize=1`).set(auth(auditor)).expect(200)).body;
    expect(cyclePage).toMatchObject({ total: cycleWhole.length, items: cycleWhole.slice(0, 1) });
    await t.http.get(`/api/cycles/${cycleId}/history?pageSize=500`).set(auth(auditor)).expect(400);
  });

  describe('on the case page', () => {
    const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    let agent: ReturnType<typeof request.agent>;
    beforeAll(async () => {
      agent = request.agent(t.app.getHttpServer());
      const form = await agent.get('/login').expect(200);
      await agent.post('/login').type('form').send({ _csrf: csrfOf(form.text), username: 'analyst', password: 'demo' }).expect(303);
    });
    const titles = (html: string) => [...html.matchAll(/<h3 class="evidence-title">(?:<a [^>]*>)?([^<]+)/g)].map((m) => m[1].trim());
    // Attribute values as a browser reads them (Handlebars escapes `=` and `&`).
    const page = async (query = '') => (await agent.get(`/cases/${caseId}${query}`).expect(200)).text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

    it('shows the first 50 items, the counts and a link to the next ones', async () => {
      const total = before + ADDED;
      const html = await page();
      expect(titles(html)).toHaveLength(50);
      expect(html).toContain(`Items 1–50 of ${total}.`);
      expect(html).toContain(`href="/cases/${caseId}?evidencePage=2#evidence"`);
      expect(html).toContain('More evidence (next 50)');
      const lastPage = Math.ceil(total / 50);
      const last = await page(`?evidencePage=${lastPage}`);
      expect(titles(last).at(-1)).toBe(`Item ${ADDED - 1}`);
      expect(last).not.toContain('More evidence');
      expect(last).toContain('Previous items');
    });

    it('filters by stance and grade, keeping the filter when paging on', async () => {
      const html = await page('?stance=supports&reliability=A');
      const expected = (await list('?stance=supports&reliability=A').expect(200)).body.total;
      expect(titles(html)).toHaveLength(expected);
      expect(html).toContain(`of ${expected} matching the filter.`);
      expect(html).toMatch(/<option value="supports" selected>Supports \(\d+\)<\/option>/);
      const supports = await page('?stance=supports');
      expect(supports).toContain(`href="/cases/${caseId}?stance=supports&evidencePage=2#evidence"`);
      // Values that are not a stance or a grade are ignored, not an error page.
      expect(titles(await page('?stance=<script>&evidencePage=x'))).toHaveLength(50);
    });

    it('shows the latest 50 timeline events and links to the earlier ones', async () => {
      const html = await page();
      const timeline = html.slice(html.indexOf('id="timeline"'));
      expect([...timeline.matchAll(/<li>/g)]).toHaveLength(50);
      const whole = (await t.http.get(`/api/cases/${caseId}/history`).set(auth(auditor)).expect(200)).body;
      expect(timeline).toContain(`${whole.length - 50} earlier events in the audit history`);
      expect(timeline).toContain(`#${whole.at(-1).seq}`);
      expect(timeline).not.toContain(`· #${whole[0].seq}<`);
    });
  });
});
