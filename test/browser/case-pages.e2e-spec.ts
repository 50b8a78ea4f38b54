import type { Page } from 'playwright-core';
import { axeViolations, BrowserSuite, describeInBrowser, screenshot, startAttackerSite, startBrowserSuite } from './support/browser';

// The analyst -> reviewer -> auditor path through the pages, in Chromium (SQLite is enough:

describeInBrowser('web pages in a browser: cases', () => {
  let s: BrowserSuite;
  const caseId = 'CA-FY2008.CA-FY08-JUDICIARY';
  const caseUrl = `/cases/${caseId}`;

  beforeAll(async () => {
    s = await startBrowserSuite();
  });
  afterAll(async () => s?.close());

  async function expectAccessible(page: Page) {
    expect(await axeViolations(page)).toEqual([]);
  }

  async function fillEvidence(page: Page, overrides: Record<string, string> = {}) {
    const values: Record<string, string> = {
      Title: 'Judicial budget execution report',
      'Source organisation': 'Supreme Court of Justice',
      'Source date': '2009-02-01',
      'Period covered: from': '2008-01-01',
      'Period covered: to': '2008-12-31',
      'Web address (optional)': 'https://example.org/budget',
      Summary: 'Budget of the judiciary grew by 12 percent; new judges appointed.',
      ...overrides,
    };
    // Exact labels: each evidence item's revise form has the same words plus its item number.
    await page.getByLabel('Kind', { exact: true }).selectOption('official_action');
    await page.getByLabel('Stance toward the criterion', { exact: true }).selectOption('supports');
    for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByLabel('Source reliability (A–F)', { exact: true }).selectOption('B');
    await page.getByLabel('Information credibility (1–6)', { exact: true }).selectOption('2');
  }

  it('sends a visitor who is not signed in to the sign-in page, which is accessible', async () => {
    const context = await s.browser.newContext({ baseURL: s.baseUrl, viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(caseUrl);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await expectAccessible(page);
    await screenshot(page, 'login');
    // A wrong password is a readable message on the form, not JSON.
    await page.getByLabel('Username').fill('analyst');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Unknown username or wrong password');
    expect(await page.getByLabel('Username').inputValue()).toBe('analyst');
    // Signing in returns to the page first asked for.
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${s.baseUrl}${caseUrl}`);
    await context.close();
  });

  it('lets an analyst add evidence, propose a finding and submit, with refusals shown on the page', async () => {
    const { page } = await s.signIn('analyst');
    expect(await page.locator('.who').textContent()).toContain('Roles: analyst');
    await expectAccessible(page);
    await page.goto(caseUrl);
    expect(await page.locator('.meta .state').textContent()).toContain('Evidence gathering');
    expect(await page.getByRole('button', { name: 'Submit for review' }).count()).toBe(1);

    // The service refuses a period that ends before it starts; the form comes back with the message and the typed values.
    await fillEvidence(page, { 'Period covered: from': '2009-01-01', 'Period covered: to': '2008-01-01' });
    await page.getByRole('button', { name: 'Add evidence' }).click();
    expect(await page.locator('#add-evidence [role=alert]').textContent()).toContain('periodStart must not be after periodEnd');
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Judicial budget execution report');

    await fillEvidence(page);
    await page.getByRole('button', { name: 'Add evidence' }).click();
    await page.waitForURL(/done=evidence/);
    expect(await page.getByRole('status').textContent()).toContain('Evidence added.');
    const item = page.locator('.evidence').first();
    expect(await item.textContent()).toContain('Judicial budget execution report');
    expect(await item.textContent()).toContain('B: Usually reliable');
    expect(await item.textContent()).toContain('2: Probably true');

    // Submitting without a proposed finding: the machine's guard explains the refusal.
    await page.getByRole('button', { name: 'Submit for review' }).click();
    expect(await page.locator('#actions [role=alert]').textContent()).toContain('A proposed finding with a rationale is required');

    await page.getByLabel('Partially met').check();
    await page.getByLabel('Rationale').fill('Budget and appointments up; independence not yet shown.');
    await page.getByLabel('Narrative for the report').fill('The judiciary received more resources in 2008.');
    await page.getByRole('button', { name: 'Save proposed finding' }).click();
    await page.waitForURL(/done=finding/);
    expect(await page.locator('#finding-view-heading + *').count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: 'Proposed finding: Partially met' }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'case-analyst');

    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/done=SUBMIT_FOR_REVIEW/);
    expect(await page.locator('.meta .state').textContent()).toContain('In review');
    // The submitter may withdraw but is not offered Approve, and the edit forms are gone.
    expect(await page.getByRole('button', { name: 'Withdraw' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add evidence' }).count()).toBe(0);
  });

  it('does not offer Approve to a reviewer who submitted the case, and lets a second person approve', async () => {
    const other = 'CA-FY2008.CA-FY08-POLICE-COMPLAINTS';
    const { page: robin } = await s.signIn('reviewer-analyst');
    await robin.goto(`/cases/${other}`);
    await fillEvidence(robin);
    await robin.getByRole('button', { name: 'Add evidence' }).click();
    await robin.waitForURL(/done=evidence/);
    await robin.getByLabel('Met', { exact: true }).check();
    await robin.getByLabel('Rationale').fill('Vetting done.');
    await robin.getByRole('button', { name: 'Save proposed finding' }).click();
    await robin.waitForURL(/done=finding/);
    await robin.getByRole('button', { name: 'Submit for review' }).click();
    await robin.waitForURL(/done=SUBMIT_FOR_REVIEW/);
    // Robin holds the reviewer role but submitted this case: separation of duties by identity.
    expect(await robin.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await robin.getByRole('button', { name: 'Request changes' }).count()).toBe(0);
    expect(await robin.getByRole('button', { name: 'Withdraw' }).count()).toBe(1);
    // ...but may review the analyst's case.
    await robin.goto(caseUrl);
    expect(await robin.getByRole('button', { name: 'Approve' }).count()).toBe(1);

    const { page: rita } = await s.signIn('reviewer');
    await rita.goto(caseUrl);
    expect(await rita.getByLabel('Comment for Request changes (required)').count()).toBe(1);
    await expectAccessible(rita);
    await screenshot(rita, 'case-reviewer');
    await rita.getByRole('button', { name: 'Approve' }).click();
    await rita.waitForURL(/done=APPROVE/);
    expect(await rita.locator('.meta .state').textContent()).toContain('Approved');
    expect(await rita.getByRole('status').textContent()).toContain('Done: Approve.');
  });

  it('shows the board and the timeline to an auditor, without any form that changes something', async () => {
    const { page } = await s.signIn('auditor');
    await page.goto('/cycles/CA-FY2008');
    expect(await page.locator('.column-approved').textContent()).toContain('Judicial');
    expect(await page.locator('.money-total dd').textContent()).toMatch(/^\$[\d,]+\.\d\d$/);
    await expectAccessible(page);
    await page.goto(caseUrl);
    const timeline = page.locator('#timeline li');
    const entries = await timeline.allTextContents();
    expect(entries.map((e) => e.replace(/\s+/g, ' ').trim().split(' · ')[0])).toEqual([
      expect.stringContaining('Case opened'),
      expect.stringContaining('Evidence added'),
      expect.stringContaining('Proposed finding saved'),
      expect.stringContaining('Submitted for review'),
      expect.stringContaining('Approved'),
    ]);
    expect(entries[3]).toContain('analyst');
    expect(entries[4]).toContain('reviewer');
    expect(entries[4]).toContain('In review → Approved');
    expect(await page.locator('main form[method="post"]').count()).toBe(0);
    expect(await page.getByText('No action is open to you on this case').count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'case-auditor');
  });

  it('refuses a forged cross-site form post and changes nothing', async () => {
    const { context, page } = await s.signIn('reviewer-analyst');
    const victimCase = 'CA-FY2008.CA-FY08-POLICE-COMPLAINTS';
    const attacker = await startAttackerSite(`<!doctype html><html lang="en"><body>
      <form method="post" action="${s.baseUrl}/cases/${victimCase}/events"><input type="hidden" name="type" value="WITHDRAW">
      <input type="hidden" name="_csrf" value="forged-token"><button>Win a prize</button></form></body></html>`);
    try {
      const evil = await context.newPage();
      await evil.goto(attacker.url);
      const [response] = await Promise.all([evil.waitForNavigation(), evil.getByRole('button', { name: 'Win a prize' }).click()]);
      expect(response?.status()).toBe(403);
      expect(await evil.getByRole('heading', { level: 1 }).textContent()).toBe('Not allowed');
      expect(await evil.getByRole('alert').textContent()).toContain('did not come from a page of the desk');
      await page.goto(`/cases/${victimCase}`);
      expect(await page.locator('.meta .state').textContent()).toContain('In review');
    } finally {
      await attacker.close();
    }
  });

  it('works at 768 pixels wide, by keyboard, with a skip link and visible focus', async () => {
    const { page } = await s.signIn('analyst', { width: 768, height: 1024 });
    await page.goto('/cases/CA-FY2008.CA-FY08-JUDICIARY');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'case-768', false);
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Skip to main content');
    const outline = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('main');
    await expectAccessible(page);
    await page.goto('/cycles/CA-FY2008');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });

  it('loaded every page without a script error or a Content-Security-Policy violation', () => {
    expect(s.problems).toEqual([]);
  });
});
