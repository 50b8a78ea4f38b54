import { MailJobs } from '../src/notifications/mail-jobs';
import { startSmtpListener } from './support/smtp-listener';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// Two desk instances on one PostgreSQL database (each its own connection pool and its own
// scheduler) run their mail and reminder rounds at the same moment, several times over: every
// outbox row is sent once, the digest goes out once per person, the reminder is noticed once.
(testDatabases().includes('postgres') ? describe : describe.skip)('mail and reminders across two instances (postgres)', () => {
  const caseId = 'CA-FY2008.CA-FY08-JUDICIARY';
  const today = new Date().toISOString().slice(0, 10);
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpListener();
    const env = { SMTP_URL: smtp.url, DIGEST_HOUR_UTC: '0' };
    first = await createTestApp({ database: 'postgres', env });
    second = await createTestApp({ database: 'postgres', seedDemo: false, env: { ...env, DATABASE_URL: (first.config.database as { url: string }).url } });
    // Work for the jobs: a return (mailed at once) and a case due today (a reminder, then the digest).
    const auth = async (who: string) => ({ Authorization: `Bearer ${await first.token(who)}` });
    await first.http.put(`/api/cases/${caseId}/assignment`).set(await auth('manager')).send({ analyst: 'analyst', reviewer: 'reviewer', dueDate: today }).expect(200);
    await first.http.post(`/api/cases/${caseId}/evidence`).set(await auth('analyst')).send(evidenceBody()).expect(201);
    await first.http.put(`/api/cases/${caseId}/proposed-finding`).set(await auth('analyst')).send({ rating: 'met', rationale: 'Budget grew', narrative: 'n' }).expect(200);
    await first.http.post(`/api/cases/${caseId}/events`).set(await auth('analyst')).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
    await first.http.post(`/api/cases/${caseId}/events`).set(await auth('reviewer')).send({ type: 'REQUEST_CHANGES', comment: 'Cite the budget law.' }).expect(200);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await smtp?.close();
  });

  it('sends every outbox row once, one digest per person and one reminder, however the rounds race', async () => {
    expect(smtp.mails).toEqual([]);
    const jobs = [first.app.get(MailJobs), second.app.get(MailJobs)];
    for (let round = 0; round < 3; round += 1) await Promise.all(jobs.map((j) => j.tick()));

    const [{ unsent }] = await first.sql<{ unsent: string }>('SELECT COUNT(*) AS unsent FROM mail_outbox WHERE sent_at IS NULL');
    expect(Number(unsent)).toBe(0);
    const [{ stored }] = await first.sql<{ stored: string }>('SELECT COUNT(*) AS stored FROM mail_outbox');
    expect(smtp.mails).toHaveLength(Number(stored));

    expect(smtp.mails.filter((m) => m.subject === `${caseId} was returned with changes requested`).map((m) => m.to)).toEqual([['analyst@desk.example']]);
    const digests = smtp.mails.filter((m) => m.subject.startsWith('Conditions Desk:'));
    const recipients = digests.map((m) => m.to.join(','));
    expect(recipients.length).toBeGreaterThan(0);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(digests.find((m) => m.to[0] === 'analyst@desk.example')?.text).toContain(`${caseId} is due today`);

    const inbox = (await second.http.get('/api/me/notifications').set({ Authorization: `Bearer ${await second.token('analyst')}` }).expect(200)).body as Array<{ kind: string; subject: string }>;
    expect(inbox.filter((n) => n.kind === 'deadline' && n.subject.startsWith(caseId))).toHaveLength(1);
    // Both daily jobs ran today: their runs are recorded with the lock each round takes.
    const locks = await first.sql<{ name: string; last_run: string }>(`SELECT name, last_run FROM job_locks WHERE name IN ('reminders', 'digest') ORDER BY name`);
    expect(locks.map((r) => `${r.name} ${String(r.last_run).slice(0, 10)}`)).toEqual([`digest ${today}`, `reminders ${today}`]);
  });
});
