import type { Page } from 'playwright-core';
import { evidenceBody } from '../support/test-app';
import { axeViolations, BrowserSuite, describeInBrowser, screenshot, startBrowserSuite } from './support/browser';

// Colombia across FY2020, FY2022 and FY2024 in Chromium: the trend picture, the wording diff
// on a case page, and the carry-forward page. Cycles the demo does not hold are opened here.
describeInBrowser('web pages in a browser: year over year', () => {
  let s: BrowserSuite;
  let cycleOf: Record<number, string>;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function expectAccessible(page: Page) {
    expect(await axeViolations(page)).toEqual([]);
  }

  /** The demo's Colombia cycle of a year if it has one; else one opened now. */
  async function colombia(manager: string, statuteId: string, fiscalYear: number, tranches: Record<string, number>): Promise<string> {
    const list = (await s.t.http.get('/api/cycles').set(auth(manager)).expect(200)).body as Array<{ id: string; statuteId: string; fiscalYear: number; recipient: { code: string } }>;
    const found = list.find((c) => c.statuteId === statuteId && c.fiscalYear === fiscalYear && c.recipient.code === 'CO');
    if (found) return found.id;
    const id = `CO-FY${fiscalYear}`;
    await s.t.http.post('/api/cycles').set(auth(manager))
      .send({ id, statuteId, fiscalYear, recipient: 'CO', obligationDeadline: `${fiscalYear + 1}-09-30`, tranches: Object.entries(tranches).map(([code, baseCents]) => ({ code, baseCents })) })
      .expect(201);
    return id;
  }

  /** Assesses the cases of a tranche still gathering evidence, then decides it, if it is undecided and none of its cases is mid-review. */
  async function settle(cycleId: string, tranche: string, ratings: string[], decision: Record<string, unknown>) {
    const [analyst, reviewer, manager] = await Promise.all(['analyst', 'reviewer', 'manager'].map((u) => s.t.token(u)));
    const cycle = (await s.t.http.get(`/api/cycles/${cycleId}`).set(auth(manager)).expect(200)).body;
    if (cycle.tranches.find((t: { code: string }) => t.code === tranche).state !== 'assessing') return;
    const cases = cycle.cases.filter((c: { tranche: string; state: string }) => c.tranche === tranche);
    // A demo tranche caught mid-review is left as the demo tells it.
    if (cases.some((c: { state: string }) => c.state !== 'evidenceGathering' && c.state !== 'approved')) return;
    for (const [i, c] of cases.entries()) {
      if (c.state !== 'evidenceGathering') continue;
      await s.t.http.post(`/api/cases/${c.id}/evidence`).set(auth(analyst)).send(evidenceBody({ sourceDate: `${cycle.fiscalYear}-06-01`, periodStart: `${cycle.fiscalYear - 1}-10-01`, periodEnd: `${cycle.fiscalYear}-05-31` })).expect(201);
      const rating = ratings[i] ?? ratings[0];
      await s.t.http.put(`/api/cases/${c.id}/proposed-finding`).set(auth(analyst)).send({ rating, rationale: `Assessed as ${rating.replace('_', ' ')} on the record`, narrative: '' }).expect(200);
      await s.t.http.post(`/api/cases/${c.id}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
      await s.t.http.post(`/api/cases/${c.id}/events`).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(200);
    }
    await s.t.http.post(`/api/cycles/${cycleId}/events`).set(auth(manager)).send({ type: 'PREPARE_MEMO', tranche }).expect(200);
    await s.t.http.post(`/api/cycles/${cycleId}/events`).set(auth(manager)).send({ tranche, ...decision }).expect(200);
  }

  beforeAll(async () => {
    s = await startBrowserSuite();
    const manager = await s.t.token('manager');
    cycleOf = {
      2020: await colombia(manager, 'PL116-94-CO-FY2020', 2020, { A: 150_000_000_00, B: 30_000_000_00 }),
      2022: await colombia(manager, 'PL117-103-CO-FY2022', 2022, { A: 160_000_000_00, 'B-I': 32_000_000_00, 'B-II': 20_000_000_00 }),
      2024: await colombia(manager, 'PL118-47-CO-FY2024', 2024, { A: 150_000_000_00, B: 35_000_000_00 }),
    };
    await settle(cycleOf[2020], 'A', ['met'], { type: 'DECIDE_RELEASE' });
    await settle(cycleOf[2020], 'B', ['partially_met', 'not_met', 'not_met'], { type: 'DECIDE_WITHHOLD', comment: 'The human-rights criteria are not met' });
    await settle(cycleOf[2022], 'B-II', ['not_met'], { type: 'DECIDE_REPROGRAM', destination: 'Civil society organizations in Colombia', amountCents: 1_000_000_00 });
  });
  afterAll(async () => s?.close());

  it('draws the trend as SVG with a table alternative that agrees with it, accessibly', async () => {
    const { page } = await s.signIn('analyst');
    await page.goto('/trends/PL118-47-CO-FY2024/CO');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Colombia');
    const picture = page.getByRole('img', { name: /Findings and decisions by fiscal year/ });
    expect(await picture.isVisible()).toBe(true);
    const headers = await page.locator('#trend-table thead th').allTextContents();
    for (const year of ['FY2020', 'FY2022', 'FY2024']) expect(headers.join(' ')).toContain(year);
    const row = page.locator('#trend-table tr[data-family="CO-CN-COCA-REDUCTION"]');
    expect(await row.locator('td').first().textContent()).toMatch(/Met\s*Released/);
    expect(await picture.locator('text').allTextContents()).toEqual(expect.arrayContaining(['✓ Met', 'Released', 'Withheld']));
    expect(await page.locator('#trend-amounts tbody tr').first().textContent()).toContain('$30,000,000.00');
    await expectAccessible(page);
    await screenshot(page, 'trend');
    const csv = await page.context().request.get('/trends/PL118-47-CO-FY2024/CO/csv');
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(`criterion,2020,${cycleOf[2020]},CO-CN-COCA-REDUCTION`);
  });

  it('marks inserted and deleted words of a criterion against the previous year, with a text alternative', async () => {
    const { page } = await s.signIn('analyst');
    await page.goto(`/cases/${cycleOf[2024]}.CO-FY24-FMF-FALSE-POSITIVES`);
    const section = page.locator('section.year-over-year');
    expect(await section.getByRole('heading').textContent()).toBe('Changed since FY2022');
    expect(await section.locator('ins').count()).toBeGreaterThan(0);
    expect(await section.locator('.word-diff-summary').textContent()).toMatch(/^Changes in wording: (adds|removes): “/);
    // The marked words are for the eye; a screen reader gets the summary.
    expect(await section.locator('.word-diff').getAttribute('aria-hidden')).toBe('true');
    await expectAccessible(page);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'case-diff', false);

    await page.goto(`/cases/${cycleOf[2024]}.CO-FY24-FMF-JEP`);
    expect(await page.locator('section.year-over-year h3').textContent()).toBe('Text unchanged since FY2022');
    await expectAccessible(page);
  });

  it('offers the carry-forward from the previous cycle on an accessible page', async () => {
    const { page } = await s.signIn('analyst');
    await page.goto(`/cycles/${cycleOf[2024]}`);
    await page.getByRole('link', { name: 'Carry forward its evidence and findings' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Carry forward from ${cycleOf[2022]}`);
    await expectAccessible(page);
    await screenshot(page, 'carry-forward');
  });

  it('loaded every page without a script error or a Content-Security-Policy violation', () => {
    expect(s.problems).toEqual([]);
  });
});
