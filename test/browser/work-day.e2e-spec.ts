import type { Page } from 'playwright-core';
import { MailJobs } from '../../src/notifications/mail-jobs';
import { startSmtpListener } from '../support/smtp-listener';
import { evidenceBody } from '../support/test-app';
import { axeViolations, BrowserSuite, describeInBrowser, screenshot, startBrowserSuite } from './support/browser';

// Each person's day through the pages, in order: assignment, gathering, return with a comment,
// the fix, approval, the memo and a reprogramming typed in dollars and confirmed.

describeInBrowser('a working day in the browser: assignment to decision', () => {
  let s: BrowserSuite;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  const caseId = 'MX-FY2014.MX-FY14-TORTURE';

  beforeAll(async () => {
    smtp = await startSmtpListener();
    s = await startBrowserSuite({ env: { SMTP_URL: smtp.url } });
    // The walk needs one open case in a cycle whose other cases are approved: reopen one.
    const manager = await s.t.token('manager');
    await s.t.http.post(`/api/cases/${caseId}/events`).set('Authorization', `Bearer ${manager}`).send({ type: 'REOPEN', comment: 'Re-examine with the 2015 CNDH figures.' }).expect(200);
    // Robin adds evidence in this round, so may not be its reviewer.
    const robin = await s.t.token('reviewer-analyst');
    await s.t.http.post(`/api/cases/${caseId}/evidence`).set('Authorization', `Bearer ${robin}`).send(evidenceBody()).expect(201);
  });
  afterAll(async () => {
    await s?.close();
    await smtp?.close();
  });

  async function expectAccessible(page: Page) {
    expect(await axeViolations(page)).toEqual([]);
  }

  it('lets a manager assign the case from its page', async () => {
    const { page } = await s.signIn('manager');
    await page.goto(`/cases/${caseId}`);
    await page.getByLabel('Analyst', { exact: true }).selectOption('analyst');
    // An analyst without the reviewer role is not offered as reviewer; the author of the round is refused with the reason.
    expect(await page.locator('#assign-reviewer option[value="analyst2"]').count()).toBe(0);
    await page.getByLabel('Reviewer', { exact: true }).selectOption('reviewer-analyst');
    await page.getByLabel('Due date').fill('2099-01-31');
    await page.getByRole('button', { name: 'Assign' }).click();
    expect(await page.locator('#assignment [role=alert]').textContent()).toContain('author of this case');
    await page.getByLabel('Reviewer', { exact: true }).selectOption('reviewer');
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.waitForURL(/done=assigned/);
    expect(await page.locator('#assignment dl').textContent()).toContain('reviewer');
    await expectAccessible(page);
  });

  it('shows the analyst the assignment in My work, who gathers and submits', async () => {
    const { page } = await s.signIn('analyst');
    const item = page.locator('#gather .work-item', { has: page.getByRole('link', { name: /against torture/ }) });
    // Reopened work comes first, with the manager's comment on top.
    expect(await page.locator('#gather .work-item').first().textContent()).toContain('Re-examine with the 2015 CNDH figures.');
    expect(await item.textContent()).toContain('2099-01-31');
    expect(await page.locator('.site-nav').textContent()).toMatch(/My work \d+/);
    await expectAccessible(page);
    await screenshot(page, 'my-work');
    await item.getByRole('link').click();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/done=SUBMIT_FOR_REVIEW/);
  });

  it('notifies the reviewer, who returns the case with a comment', async () => {
    const { page } = await s.signIn('reviewer');
    expect(await page.locator('.site-nav').textContent()).toMatch(/Inbox \d+ unread/);
    await page.getByRole('link', { name: /^Inbox/ }).click();
    // Newest first: the demo's own first submission is further down.
    await page.getByRole('link', { name: `${caseId} was submitted for your review` }).first().click();
    await page.getByLabel('Comment for Request changes (required)').fill('Add the 2015 CNDH complaint statistics.');
    await page.getByRole('button', { name: 'Request changes' }).click();
    await page.waitForURL(/done=REQUEST_CHANGES/);
    await expectAccessible(page);
  });

  it('puts the return first for the analyst, with the comment; the fix is resubmitted and approved', async () => {
    await s.t.app.get(MailJobs).sendDue();
    expect(smtp.mails.some((m) => m.to.includes('analyst@desk.example') && m.subject.includes('returned with changes'))).toBe(true);
    const { page } = await s.signIn('analyst');
    const first = page.locator('#gather .work-item').first();
    expect(await first.textContent()).toContain('Returned with changes by reviewer');
    expect(await first.textContent()).toContain('Add the 2015 CNDH complaint statistics.');
    await first.getByRole('link').click();
    expect(await page.locator('#returned').textContent()).toContain('Add the 2015 CNDH complaint statistics.');
    await page.getByLabel('Title', { exact: true }).fill('CNDH complaint statistics 2015');
    await page.getByLabel('Kind', { exact: true }).selectOption('statistics');
    await page.getByLabel('Stance toward the criterion', { exact: true }).selectOption('contradicts');
    await page.getByLabel('Source organisation', { exact: true }).fill('CNDH');
    await page.getByLabel('Source date', { exact: true }).fill('2015-06-01');
    await page.getByLabel('Period covered: from', { exact: true }).fill('2014-01-01');
    await page.getByLabel('Period covered: to', { exact: true }).fill('2014-12-31');
    await page.getByLabel('Summary', { exact: true }).fill('Complaints of torture rose again in 2014.');
    await page.getByLabel('Source reliability (A–F)', { exact: true }).selectOption('A');
    await page.getByLabel('Information credibility (1–6)', { exact: true }).selectOption('2');
    await page.getByRole('button', { name: 'Add evidence' }).click();
    await page.waitForURL(/done=evidence/);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.waitForURL(/done=SUBMIT_FOR_REVIEW/);

    const reviewer = await s.signIn('reviewer');
    await reviewer.page.locator('#review').getByRole('link', { name: /against torture/ }).click();
    await reviewer.page.getByLabel('Comment for Approve (optional)').fill('Figures now cited.');
    await reviewer.page.getByRole('button', { name: 'Approve' }).click();
    await reviewer.page.waitForURL(/done=APPROVE/);
  });

  it('lets the manager prepare the memo and reprogram, typing dollars and confirming', async () => {
    const { page } = await s.signIn('manager');
    await page.locator('#memos').getByRole('link', { name: /Prepare the decision memo for MX-FY2014/ }).click();
    await page.getByRole('button', { name: 'Prepare decision memo' }).click();
    await page.waitForURL(/done=PREPARE_MEMO/);
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Decide: reprogram the funds' }) });
    await form.getByLabel('Destination (required)').fill('Peru');
    // A figure above the withheld amount is refused in dollars, as the form says.
    await form.getByLabel(/Amount in dollars/).fill('6,000,000');
    await form.getByRole('button').click();
    expect(await page.getByRole('alert').textContent()).toContain('at most the withheld $5,000,000.00');
    const again = page.locator('form', { has: page.getByRole('button', { name: 'Decide: reprogram the funds' }) });
    await again.getByLabel('Destination (required)').fill('Peru');
    await again.getByLabel(/Amount in dollars/).fill('5000000');
    await again.getByRole('button').click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirm: Decide: reprogram the funds');
    expect(await page.locator('.confirm-amount').textContent()).toBe('$5,000,000.00');
    expect(await page.locator('.confirm-words').textContent()).toBe('five million dollars');
    expect(await page.locator('.confirm-destination').textContent()).toBe('Peru');
    expect(await page.locator('#cannot-undo').textContent()).toContain('cannot be undone');
    await expectAccessible(page);
    await screenshot(page, 'confirm-decision');
    await page.getByRole('button', { name: 'Confirm: Decide: reprogram the funds' }).click();
    await page.waitForURL(/done=DECIDE_REPROGRAM/);
    expect(await page.locator('.card').filter({ hasText: 'Decision:' }).textContent()).toContain('$5,000,000.00');
  });

  it('lets an admin create a user, with plain-word errors next to the fields, and reset a password', async () => {
    const { page } = await s.signIn('admin');
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Username').fill('new.analyst');
    await page.getByLabel('Full name').fill('   ');
    await page.getByLabel('First password (at least 12 characters)').fill('a long first password');
    await page.getByRole('button', { name: 'Create user' }).click();
    // The summary links to the field; the field names its own error.
    expect(await page.locator('#create-summary a[href="#new-displayName"]').count()).toBe(1);
    expect(await page.locator('#new-displayName-error').textContent()).toBeTruthy();
    expect(await page.getByLabel('Full name').getAttribute('aria-describedby')).toBe('new-displayName-error');
    expect(await page.getByLabel('Username').inputValue()).toBe('new.analyst');
    await page.getByLabel('Full name').fill('Nora New');
    await page.getByLabel('First password (at least 12 characters)').fill('a long first password');
    await page.locator('#new-roles').getByLabel('analyst').check();
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.waitForURL(/done=created/);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Reset password of new.analyst' }).click();
    const link = await page.locator('.reset-path').textContent();
    expect(link).toMatch(/^\/reset-password\?token=/);
    const visitor = await s.browser.newContext({ baseURL: s.baseUrl });
    const reset = await visitor.newPage();
    await reset.goto(link!);
    await expectAccessible(reset);
    await reset.getByLabel('New password (at least 12 characters)').fill('the chosen password');
    await reset.getByRole('button', { name: 'Set the new password' }).click();
    await reset.waitForURL(/reset=1/);
    await reset.getByLabel('Username').fill('new.analyst');
    await reset.getByLabel('Password').fill('the chosen password');
    await reset.getByRole('button', { name: 'Sign in' }).click();
    await reset.waitForURL(`${s.baseUrl}/`);
    expect(await reset.getByRole('heading', { level: 1 }).textContent()).toBe('My work');
    // The link works once.
    await reset.goto(link!);
    await reset.getByLabel('New password (at least 12 characters)').fill('yet another password');
    await reset.getByRole('button', { name: 'Set the new password' }).click();
    expect(await reset.getByRole('alert').textContent()).toContain('not valid any more');
    await visitor.close();
  });

  it('lets an auditor filter the history from lists, newest first, and export the filtered rows', async () => {
    const { context, page } = await s.signIn('auditor');
    await page.goto('/audit');
    await page.getByLabel('Actor').selectOption('reviewer');
    await page.getByLabel('Event').selectOption('REQUEST_CHANGES');
    await page.getByLabel('Order').selectOption('desc');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await page.locator('#audit-summary').textContent()).toBe('Entries 1–1 of 1, newest first.');
    expect(await page.locator('tbody tr').textContent()).toContain('Add the 2015 CNDH complaint statistics.');
    await expectAccessible(page);
    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).toContain('actor=reviewer');
    const csv = await context.request.get(href!);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('REQUEST_CHANGES');
    // A page past the end shows the last page.
    await page.goto('/audit?page=999');
    expect(await page.locator('#audit-summary').textContent()).toMatch(/^Entries \d+–(\d+) of \1, oldest first\.$/);
  });

  it('loaded every page without a script error', () => {
    expect(s.problems).toEqual([]);
  });
});
