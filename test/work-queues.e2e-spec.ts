import { MailJobs } from '../src/notifications/mail-jobs';
import { startSmtpListener } from './support/smtp-listener';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// Assignment, My work, notifications and mail through a real SMTP listener on 127.0.0.1.

describe.each(testDatabases())('work queues and notifications (%s)', (database) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let jobs: MailJobs;
  const tokens: Record<string, string> = {};
  const auth = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const caseId = 'CA-FY2008.CA-FY08-JUDICIARY';
  const due = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    smtp = await startSmtpListener();
    t = await createTestApp({ database, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Desk <desk@desk.example>' } });
    jobs = t.app.get(MailJobs);
    for (const who of ['analyst', 'reviewer', 'reviewer-analyst', 'manager']) tokens[who] = await t.token(who);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const inbox = async (who: string) => (await t.http.get('/api/me/notifications').set(auth(who)).expect(200)).body as Array<{ kind: string; subject: string; comment: string | null }>;
  const assign = (body: Record<string, string>, who = 'manager') => t.http.put(`/api/cases/${caseId}/assignment`).set(auth(who)).send(body);

  it('lets a manager assign an analyst and a reviewer, refusing a reviewer who cannot review', async () => {
    await assign({ analyst: 'analyst', reviewer: 'reviewer', dueDate: due }, 'analyst').expect(403);
    expect((await assign({ analyst: 'analyst', reviewer: 'analyst', dueDate: due }).expect(400)).body.code).toBe('REVIEWER_IS_ANALYST');
    expect((await assign({ analyst: 'analyst', reviewer: 'manager', dueDate: due }).expect(400)).body.code).toBe('NOT_ASSIGNABLE');
    expect((await assign({ analyst: 'analyst', reviewer: 'reviewer', dueDate: '2026-02-30' }).expect(400)).body.code).toBe('INVALID_DATE');
    // An author of the round (here: added evidence) may not be its reviewer.
    await t.http.post(`/api/cases/${caseId}/evidence`).set(auth('reviewer-analyst')).send(evidenceBody()).expect(201);
    const sod = await assign({ analyst: 'analyst', reviewer: 'reviewer-analyst', dueDate: due }).expect(403);
    expect(sod.body.code).toBe('SEPARATION_OF_DUTIES');

    const ok = await assign({ analyst: 'analyst', reviewer: 'reviewer', dueDate: due }).expect(200);
    expect(ok.body).toMatchObject({ caseId, analyst: 'analyst', reviewer: 'reviewer', dueDate: due, assignedBy: 'manager' });
    const history = await t.http.get(`/api/cases/${caseId}/history`).set(auth('manager')).expect(200);
    expect(history.body.at(-1)).toMatchObject({ event: 'ASSIGN_CASE', actor: 'manager' });
    expect((await inbox('analyst')).map((n) => n.kind)).toContain('assignment');
    expect((await inbox('reviewer')).map((n) => n.kind)).toContain('assignment');
  });

  it('puts the case in the analyst\'s work with its due date, and a submission in the reviewer\'s inbox', async () => {
    const work = await t.http.get('/api/me/work').set(auth('analyst')).expect(200);
    const item = work.body.gather.find((i: { caseId: string }) => i.caseId === caseId);
    expect(item).toMatchObject({ kind: 'gather', due: { date: due, overdueDays: 0, text: 'Due in 2 days' }, returned: null });
    expect(work.body.counts.total).toBe(work.body.gather.length);

    await t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth('analyst')).send({ rating: 'met', rationale: 'Budget grew', narrative: 'n' }).expect(200);
    await t.http.post(`/api/cases/${caseId}/events`).set(auth('analyst')).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
    expect((await inbox('reviewer')).find((n) => n.kind === 'submission')?.subject).toBe(`${caseId} was submitted for your review`);
    // Only the assigned reviewer hears of it; nobody hears of their own act.
    const aboutThisCase = (n: { subject: string }) => n.subject.startsWith(caseId);
    expect((await inbox('reviewer-analyst')).some((n) => n.kind === 'submission' && aboutThisCase(n))).toBe(false);
    expect((await inbox('analyst')).some((n) => n.kind === 'submission' && aboutThisCase(n))).toBe(false);
    const review = await t.http.get('/api/me/work').set(auth('reviewer')).expect(200);
    expect(review.body.review.map((i: { caseId: string }) => i.caseId)).toEqual([caseId]);
  });

  it('sends nothing for a refused change or one that rolled back', async () => {
    const before = (await inbox('analyst')).length;
    await t.http.post(`/api/cases/${caseId}/events`).set(auth('reviewer')).send({ type: 'REQUEST_CHANGES' }).expect(400);
    await t.http.post(`/api/cases/${caseId}/events`).set(auth('reviewer')).send({ type: 'REQUEST_CHANGES', comment: 'x', expectedVersion: 1 }).expect(409);
    // A fault after the notice was written: the mail row cannot be stored, the whole change rolls back.
    if (database === 'sqlite') {
      await t.sql(`CREATE TRIGGER outbox_fault BEFORE INSERT ON mail_outbox BEGIN SELECT RAISE(ABORT, 'outbox fault'); END`);
    } else {
      await t.sql(`CREATE FUNCTION outbox_fault() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'outbox fault'; END $$ LANGUAGE plpgsql`);
      await t.sql(`CREATE TRIGGER outbox_fault BEFORE INSERT ON mail_outbox FOR EACH ROW EXECUTE FUNCTION outbox_fault()`);
    }
    await t.http.post(`/api/cases/${caseId}/events`).set(auth('reviewer')).send({ type: 'REQUEST_CHANGES', comment: 'Rolled back' }).expect(500);
    await t.sql(database === 'sqlite' ? 'DROP TRIGGER outbox_fault' : 'DROP TRIGGER outbox_fault ON mail_outbox');
    expect((await t.http.get(`/api/cases/${caseId}`).set(auth('reviewer')).expect(200)).body.state).toBe('inReview');
    expect(await inbox('analyst')).toHaveLength(before);
    await jobs.sendDue();
    expect(smtp.mails.filter((m) => m.subject.includes('returned'))).toEqual([]);
  });

  it('mails a return at once and puts it first in the analyst\'s work, with the comment', async () => {
    await t.http.post(`/api/cases/${caseId}/events`).set(auth('reviewer')).send({ type: 'REQUEST_CHANGES', comment: 'Cite the 2008 budget law.' }).expect(200);
    expect(await jobs.sendDue()).toBe(1);
    const mail = smtp.mails.find((m) => m.subject === `${caseId} was returned with changes requested`);
    expect(mail?.to).toEqual(['analyst@desk.example']);
    expect(mail?.text).toContain('Comment: Cite the 2008 budget law.');
    // Sent once: a second run finds nothing due.
    expect(await jobs.sendDue()).toBe(0);
    const work = await t.http.get('/api/me/work').set(auth('analyst')).expect(200);
    expect(work.body.gather[0]).toMatchObject({ caseId, kind: 'fix', returned: { by: 'reviewer', comment: 'Cite the 2008 budget law.', event: 'REQUEST_CHANGES' } });
  });

  it('retries a mail the server refused, with a delay', async () => {
    const [row] = await t.sql<{ n: number }>(`SELECT COUNT(*) AS n FROM mail_outbox WHERE sent_at IS NULL`);
    expect(Number(row.n)).toBe(0);
    await t.sql(`INSERT INTO mail_outbox (id, recipient, address, subject, body, created_at, attempts, next_attempt_at) VALUES ('00000000-0000-4000-8000-000000000001', 'x', 'not an address', 'bad', 'b', '2020-01-01T00:00:00.000Z', 0, '2020-01-01T00:00:00.000Z')`);
    expect(await jobs.sendDue()).toBe(0);
    const [failed] = await t.sql<{ attempts: number; next_attempt_at: string; last_error: string }>(`SELECT attempts, next_attempt_at, last_error FROM mail_outbox WHERE subject = 'bad'`);
    expect(Number(failed.attempts)).toBe(1);
    expect(Date.parse(failed.next_attempt_at)).toBeGreaterThan(Date.now() + 20_000);
    await t.sql(`DELETE FROM mail_outbox WHERE subject = 'bad'`);
  });

  it('mails the daily digest once, even when two runs race', async () => {
    const now = new Date();
    const [a, b] = await Promise.all([jobs.digest(now), jobs.digest(now)]);
    expect(a + b).toBeGreaterThan(0);
    expect(Math.min(a, b)).toBe(0);
    await jobs.sendDue();
    const digest = smtp.mails.filter((m) => m.subject.startsWith('Conditions Desk:') && m.to[0] === 'reviewer@desk.example');
    expect(digest).toHaveLength(1);
    expect(digest[0].text).toContain(`${caseId} was submitted for your review`);
    expect(await jobs.digest(now)).toBe(0);
  });

  it('mails a decision to the people who worked on the cycle', async () => {
    await t.http.put('/api/cases/MX-FY2014.MX-FY14-TORTURE/assignment').set(auth('manager')).send({ analyst: 'analyst', reviewer: 'reviewer', dueDate: due }).expect(200);
    await t.http.post('/api/cycles/MX-FY2014/events').set(auth('manager')).send({ type: 'PREPARE_MEMO' }).expect(200);
    await t.http.post('/api/cycles/MX-FY2014/events').set(auth('manager')).send({ type: 'DECIDE_WITHHOLD', comment: 'Criteria not met' }).expect(200);
    await jobs.sendDue();
    const decided = smtp.mails.filter((m) => m.subject === 'MX-FY2014: decision recorded, continued withholding');
    expect(decided.map((m) => m.to[0]).sort()).toEqual(['analyst@desk.example', 'reviewer@desk.example']);
  });
});
