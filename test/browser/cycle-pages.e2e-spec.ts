import type { Page } from 'playwright-core';
import { axeViolations, BrowserSuite, describeInBrowser, screenshot, startBrowserSuite } from './support/browser';


// Managers and auditors in Chromium: the cycle list and board, the memo and report previews, the audit page.
describeInBrowser('web pages in a browser: cycles, documents and audit', () => {
  let s: BrowserSuite;

  beforeAll(async () => {
    s = await startBrowserSuite();
  });
  afterAll(async () => s?.close());

  async function expectAccessible(page: Page) {
    expect(await axeViolations(page)).toEqual([]);
  }

  it('lists the cycles with overdue obligation deadlines flagged in words', async () => {
    const { page } = await s.signIn('manager');
    await page.goto('/cycles');
    const row = page.locator('tr', { has: page.getByRole('link', { name: 'MX-FY2014' }) });
    // A deadline years past shows its date, not "Overdue by 4080 days".
    expect(await row.locator('.flag-overdue').textContent()).toContain('Deadline passed on 2015-09-30, no decision recorded');
    expect(await row.textContent()).toContain('$5,000,000.00');
    expect(await page.getByRole('status').textContent()).toContain('past the obligation deadline');
    await expectAccessible(page);
    await screenshot(page, 'cycles');
  });

  it('shows the board and the money panel, and refuses a memo while cases are open, with the reason', async () => {
    const { page } = await s.signIn('manager');
    await page.goto('/cycles/CA-FY2008');
    expect(await page.locator('.column-evidenceGathering .case-card').count()).toBe(3);
    await page.getByRole('button', { name: 'Prepare decision memo' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Every case of the cycle must be approved');
    expect(await page.locator('.meta .state').textContent()).toContain('Assessing');
  });

  it('lets a manager prepare the memo when every case is approved, and previews it', async () => {
    const { context, page } = await s.signIn('manager');
    await page.goto('/cycles/MX-FY2014/memo');
    expect(await page.getByRole('status').textContent()).toContain('No decision memo has been prepared');
    await expectAccessible(page);

    await page.goto('/cycles/MX-FY2014');
    const money = await page.locator('.money').textContent();
    expect(money).toContain('$33,333,333.34');
    expect(money).toContain('15%');
    expect(money).toContain('$5,000,000.00');
    expect(await page.locator('.column-approved .case-card').count()).toBe(4);
    await expectAccessible(page);
    await screenshot(page, 'cycle-board');
    await page.getByRole('button', { name: 'Prepare decision memo' }).click();
    await page.waitForURL(/done=PREPARE_MEMO/);
    expect(await page.locator('.meta .state').textContent()).toContain('Memo drafted');
    // The decisions now open, each labelled in words; withholding asks for a comment.
    for (const name of ['Decide: continue to withhold', 'Decide: reprogram the funds', 'Return to assessment']) {
      expect(await page.getByRole('button', { name }).count()).toBe(1);
    }
    expect(await page.getByLabel('Comment (required)').count()).toBeGreaterThan(0);
    await expectAccessible(page);

    await page.goto('/cycles/MX-FY2014/memo');
    const frame = page.frameLocator('iframe.doc-preview');
    expect(await frame.getByRole('heading', { level: 1 }).textContent()).toContain('Action Memo No. 1');
    await expectAccessible(page);
    await screenshot(page, 'memo');
    const md = await context.request.get('/cycles/MX-FY2014/memo/document?format=md');
    expect(md.status()).toBe(200);
    expect(md.headers()['content-type']).toContain('text/markdown');
    const pdf = await context.request.get('/cycles/MX-FY2014/memo/document?format=pdf');
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    await page.goto('/cycles/MX-FY2014/report');
    expect(await page.locator('.flag').textContent()).toContain('Draft');
    expect(await page.frameLocator('iframe.doc-preview').locator('body').textContent()).toContain('DRAFT');
    await expectAccessible(page);
    await screenshot(page, 'report');
  });

  it('shows a multi-tranche board with a money panel and actions per tranche, and a certification preview', async () => {
    const { page } = await s.signIn('manager');
    await page.goto('/cycles/CO-FY2022');
    expect(await page.locator('.tranche-panel').count()).toBe(3);
    expect(await page.locator('#tranche-B-I').textContent()).toContain('$20,000,000.00');
    // The withheld tranche's own actions post its code.
    expect(await page.locator('#tranche-B-I form input[name="tranche"][value="B-I"]').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await screenshot(page, 'cycle-board-tranches');

    await page.goto('/cycles/NT-FY2020-HN/report');
    const body = await page.frameLocator('iframe.doc-preview').locator('body').textContent();
    expect(body).toContain('hereby certify');
    await expectAccessible(page);
    await screenshot(page, 'certification');
  });

  it('gives an auditor the journal with filters, paging, verification and exports', async () => {
    const { context, page } = await s.signIn('auditor');
    await page.goto('/audit');
    expect(await page.locator('#audit-summary').textContent()).toMatch(/^Entries 1–50 of \d+, oldest first\.$/);
    expect(await page.getByRole('link', { name: 'Next page →' }).count()).toBe(1);
    await page.getByLabel('Entity id').fill('MX-FY2014');
    await page.getByLabel('Actor').selectOption('manager');
    await page.getByLabel('Event').selectOption('PREPARE_MEMO');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr').textContent()).toContain('Decision memo prepared');
    await page.getByRole('button', { name: 'Verify the whole journal now' }).click();
    expect(await page.locator('.alert-ok').textContent()).toMatch(/Intact: \d+ entries checked/);
    // Verifying keeps the filtered view.
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.getByLabel('Actor').inputValue()).toBe('manager');
    await expectAccessible(page);
    await screenshot(page, 'audit', false);
    const csv = await context.request.get('/audit/export?format=csv');
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-disposition']).toContain('attachment');
    // A bad filter is explained on the audit page itself, with what was typed kept.
    await page.goto('/audit?from=yesterday');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit journal');
    // The summary links to the field, which carries its own message.
    expect(await page.getByRole('alert').getByRole('link').textContent()).toContain('From must be a valid ISO 8601 date');
    expect(await page.locator('#f-from-error').textContent()).toContain('From must be a valid ISO 8601 date');
    expect(await page.getByLabel('From (UTC)').getAttribute('aria-describedby')).toBe('f-from-error');
    expect(await page.getByLabel('From (UTC)').inputValue()).toBe('yesterday');
    await expectAccessible(page);
  });

  it('shows a readable refusal to a user whose role may not open the audit page', async () => {
    const { page } = await s.signIn('analyst');
    expect(await page.getByRole('link', { name: 'Audit' }).count()).toBe(0);
    const response = await page.goto('/audit');
    expect(response?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not allowed');
    expect(await page.getByRole('alert').textContent()).toContain('auditor, manager');
    await expectAccessible(page);
  });

  it('loaded every page without a script error or a Content-Security-Policy violation', () => {
    expect(s.problems).toEqual([]);
  });
});
