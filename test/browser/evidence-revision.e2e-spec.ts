import type { Locator, Page } from 'playwright-core';
import { evidenceBody } from '../support/test-app';
import { axeViolations, BrowserSuite, describeInBrowser, screenshot, startAttackerSite, startBrowserSuite } from './support/browser';

// Revising an evidence item from the case page, in Chromium (SQLite; the HTTP contract on
// both databases is in web-http.e2e-spec.ts).

describeInBrowser('web pages in a browser: revising evidence', () => {
  let s: BrowserSuite;
  const caseId = 'CA-FY2008.CA-FY08-PROSECUTE';
  const caseUrl = `/cases/${caseId}`;
  const ids: string[] = [];

  beforeAll(async () => {
    s = await startBrowserSuite();
    const token = await s.t.token('analyst');
    for (const title of ['Prosecutor general annual report', 'Court monitoring by civil society']) {
      const res = await s.t.http.post(`/api/cases/${caseId}/evidence`).set('Authorization', `Bearer ${token}`).send(evidenceBody({ title }));
      expect(res.status).toBe(201);
      ids.push(res.body.id as string);
    }
  });
  afterAll(async () => s?.close());

  async function revisionsOf(id: string) {
    const token = await s.t.token('auditor');
    const res = await s.t.http.get(`/api/evidence/${id}/revisions`).set('Authorization', `Bearer ${token}`).expect(200);
    return (res.body as Array<{ revision: number; title: string }>).map((r) => `${r.revision}: ${r.title}`);
  }

  async function openRevise(page: Page, id: string): Promise<Locator> {
    const item = page.locator(`#evidence-${id}`);
    await item.locator('details.revise > summary').click();
    return item;
  }

  async function duplicateIds(page: Page): Promise<string[]> {
    return page.evaluate<string[]>(
      "[...document.querySelectorAll('[id]')].map((e) => e.id).filter((id, i, all) => all.indexOf(id) !== i)",
    );
  }

  it('lets an analyst revise a title, keeps the old one listed, and stays accessible', async () => {
    const { page } = await s.signIn('analyst');
    await page.goto(caseUrl);
    expect(await page.locator('details.revise').count()).toBe(2);
    expect(await duplicateIds(page)).toEqual([]);
    const item = await openRevise(page, ids[0]);
    // Pre-filled with the current revision.
    expect(await item.getByLabel(/^Title/).inputValue()).toBe('Prosecutor general annual report');
    expect(await item.getByLabel(/^Kind/).inputValue()).toBe('ngo_report');
    expect(await item.getByLabel(/^Information credibility/).inputValue()).toBe('2');
    expect(await item.getByLabel(/^Web address/).inputValue()).toBe('https://example.org/report');
    expect(await axeViolations(page)).toEqual([]);

    // A refusal from the service comes back on the item, open, with what was typed.
    await item.getByLabel(/^Title/).fill('Prosecutor general annual report 2008');
    await item.getByLabel(/^Period covered: from/).fill('2015-01-01');
    await item.getByRole('button', { name: /^Save revision/ }).click();
    const refused = page.locator(`#evidence-${ids[0]}`);
    expect(await refused.getByRole('alert').textContent()).toContain('periodStart must not be after periodEnd');
    expect(await refused.locator('details.revise').getAttribute('open')).not.toBeNull();
    expect(await refused.getByLabel(/^Title/).inputValue()).toBe('Prosecutor general annual report 2008');
    expect(await revisionsOf(ids[0])).toEqual(['1: Prosecutor general annual report']);

    await refused.getByLabel(/^Period covered: from/).fill('2014-01-01');
    await refused.getByRole('button', { name: /^Save revision/ }).click();
    await page.waitForURL(/done=revised/);
    expect(await page.getByRole('status').textContent()).toContain('Evidence revised.');
    const revised = page.locator(`#evidence-${ids[0]}`);
    expect(await revised.locator('.evidence-title').textContent()).toContain('Prosecutor general annual report 2008');
    expect(await revised.locator('dd.revision').textContent()).toMatch(/^2 \(revised by analyst, \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/);
    await revised.locator('details.revisions > summary').click();
    const earlier = await revised.locator('.revision-list li').allTextContents();
    expect(earlier.map((e) => e.replace(/\s+/g, ' ').trim())).toEqual([expect.stringMatching(/^Revision 1: Prosecutor general annual report by analyst, \d{4}-/)]);
    // The other item was not touched and lists no earlier revisions.
    expect(await page.locator(`#evidence-${ids[1]} details.revisions`).count()).toBe(0);
    expect(await revisionsOf(ids[0])).toEqual(['1: Prosecutor general annual report', '2: Prosecutor general annual report 2008']);
    expect(await revisionsOf(ids[1])).toEqual(['1: Court monitoring by civil society']);
    // The form now starts from revision 2.
    await revised.locator('details.revise > summary').click();
    expect(await revised.getByLabel(/^Title/).inputValue()).toBe('Prosecutor general annual report 2008');
    expect(await duplicateIds(page)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'case-revision');
  });

  it('shows a clash side by side when someone else revised first, and saves mine only when chosen', async () => {
    const { page } = await s.signIn('analyst');
    await page.goto(caseUrl);
    const item = await openRevise(page, ids[0]);
    const base = await revisionsOf(ids[0]);
    // Someone else saves a revision after this page was loaded.
    const token = await s.t.token('analyst');
    await s.t.http.put(`/api/evidence/${ids[0]}`).set('Authorization', `Bearer ${token}`).send(evidenceBody({ title: 'Prosecutor general report, their edit' })).expect(200);
    await item.getByLabel(/^Title/).fill('Prosecutor general report, my edit');
    await item.getByRole('button', { name: /^Save revision/ }).click();
    const clash = page.locator(`#evidence-${ids[0]} .clash`);
    expect(await clash.getByRole('heading').textContent()).toBe('Someone else saved this first');
    const titleRow = clash.locator('tr', { has: page.getByRole('rowheader', { name: /^Title/ }) });
    expect(await titleRow.locator('td').nth(0).locator('del').textContent()).toBe('their');
    expect(await titleRow.locator('td').nth(1).locator('ins').textContent()).toBe('my');
    // Nothing was saved by the refused post.
    expect(await revisionsOf(ids[0])).toEqual([...base, `${base.length + 1}: Prosecutor general report, their edit`]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'case-revision-clash');
    await clash.getByRole('button', { name: /^Keep mine/ }).click();
    await page.waitForURL(/done=revised/);
    expect(await revisionsOf(ids[0])).toEqual([...base, `${base.length + 1}: Prosecutor general report, their edit`, `${base.length + 2}: Prosecutor general report, my edit`]);

    // The audit page compares the two revisions, words marked on each side.
    const { page: manager } = await s.signIn('manager');
    await manager.goto(`/audit/evidence/${ids[0]}/compare`);
    expect(await manager.getByRole('heading', { level: 1 }).textContent()).toBe('Revisions of “Prosecutor general report, my edit”');
    expect(await manager.locator('table.compare-table del').first().textContent()).toBe('their');
    expect(await axeViolations(manager)).toEqual([]);
    await screenshot(manager, 'audit-revision-compare');
  });

  it('refuses a forged revise post without the form token and changes nothing', async () => {
    const { context } = await s.signIn('analyst');
    const before = await revisionsOf(ids[1]);
    const fields = { ...evidenceBody({ title: 'Forged title' }), credibility: '2', baseRevision: '1' };
    const inputs = Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`).join('');
    const attacker = await startAttackerSite(`<!doctype html><html lang="en"><body>
      <form method="post" action="${s.baseUrl}${caseUrl}/evidence/${ids[1]}/revise">${inputs}<button>Win a prize</button></form></body></html>`);
    try {
      const evil = await context.newPage();
      await evil.goto(attacker.url);
      const [response] = await Promise.all([evil.waitForNavigation(), evil.getByRole('button', { name: 'Win a prize' }).click()]);
      expect(response?.status()).toBe(403);
      expect(await evil.getByRole('heading', { level: 1 }).textContent()).toBe('Not allowed');
      expect(await evil.getByRole('alert').textContent()).toContain('did not come from a page of the desk');
      expect(await revisionsOf(ids[1])).toEqual(before);
    } finally {
      await attacker.close();
    }
  });

  it('offers no revise form to a reviewer, nor for a retracted item', async () => {
    const token = await s.t.token('analyst');
    await s.t.http.post(`/api/evidence/${ids[1]}/retract`).set('Authorization', `Bearer ${token}`).send({ reason: 'Duplicate' }).expect(200);
    const { page: analyst } = await s.signIn('analyst');
    await analyst.goto(caseUrl);
    expect(await analyst.locator(`#evidence-${ids[0]} details.revise`).count()).toBe(1);
    expect(await analyst.locator(`#evidence-${ids[1]} details.revise`).count()).toBe(0);
    const { page: reviewer } = await s.signIn('reviewer');
    await reviewer.goto(caseUrl);
    expect(await reviewer.locator('details.revise').count()).toBe(0);
    // Everyone who can read the case sees the revision history.
    expect(await reviewer.locator(`#evidence-${ids[0]} details.revisions`).count()).toBe(1);
  });

  it('loaded every page without a script error or a Content-Security-Policy violation', () => {
    expect(s.problems).toEqual([]);
  });
});
