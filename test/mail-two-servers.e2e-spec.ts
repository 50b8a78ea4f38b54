import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { api, ServerProcess, signIn, startServerProcess } from './support/server-process';
import { startSmtpListener } from './support/smtp-listener';
import { evidenceBody, PG_ADMIN_URL, testDatabases } from './support/test-app';

// Two desk processes on one PostgreSQL database run the mail and reminder jobs on their own
// schedules, started together so that their rounds race: every outbox row is sent once,
// the digest goes out once per person and the deadline reminder is noticed once.
(testDatabases().includes('postgres') ? describe : describe.skip)('mail and reminders across two servers (postgres)', () => {
  const name = `cd_test_mail_${randomBytes(4).toString('hex')}`;
  const caseId = 'CA-FY2008.CA-FY08-JUDICIARY';
  const today = new Date().toISOString().slice(0, 10);
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let db: Client;
  const servers: ServerProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    smtp = await startSmtpListener();
    env = {
      DATABASE_URL: url.toString(), JWT_SECRET: 'one-secret-for-the-mail-servers', SMTP_URL: smtp.url, DIGEST_HOUR_UTC: '0',
      CHECKPOINT_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'cd-mail-checkpoints-')),
    };
    db = new Client({ connectionString: url.toString() });
    // A first server, its schedule off, seeds the desk and leaves work for the jobs: a return
    // (mailed at once) and a case due today (a reminder, then the digest).
    const setup = await startServerProcess({ ...env, MAIL_JOB_INTERVAL_SECONDS: '0' });
    try {
      const [manager, analyst, reviewer] = await Promise.all(['manager', 'analyst', 'reviewer'].map((who) => signIn(setup.base, who)));
      expect((await api(setup.base, 'PUT', `/api/cases/${caseId}/assignment`, manager, { analyst: 'analyst', reviewer: 'reviewer', dueDate: today })).status).toBe(200);
      expect((await api(setup.base, 'POST', `/api/cases/${caseId}/evidence`, analyst, evidenceBody())).status).toBe(201);
      expect((await api(setup.base, 'PUT', `/api/cases/${caseId}/proposed-finding`, analyst, { rating: 'met', rationale: 'Budget grew', narrative: 'n' })).status).toBe(200);
      expect((await api(setup.base, 'POST', `/api/cases/${caseId}/events`, analyst, { type: 'SUBMIT_FOR_REVIEW' })).status).toBe(200);
      expect((await api(setup.base, 'POST', `/api/cases/${caseId}/events`, reviewer, { type: 'REQUEST_CHANGES', comment: 'Cite the budget law.' })).status).toBe(200);
    } finally {
      await setup.stop();
    }
    await db.connect();
    expect(smtp.mails).toEqual([]);
    // Both schedules every second, from the same moment.
    servers.push(...(await Promise.all([0, 1].map(() => startServerProcess({ ...env, MAIL_JOB_INTERVAL_SECONDS: '1' })))));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await db?.end();
    await smtp?.close();
    const admin = new Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  const unsent = async () => Number((await db.query(`SELECT COUNT(*) AS n FROM mail_outbox WHERE sent_at IS NULL`)).rows[0].n);

  it('sends every outbox row once, one digest per person and one reminder, while both servers run their rounds', async () => {
    const deadline = Date.now() + 60_000;
    while ((smtp.mails.length === 0 || (await unsent()) > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    // Several more rounds of both servers: nothing more may go out.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await unsent()).toBe(0);
    const stored = Number((await db.query(`SELECT COUNT(*) AS n FROM mail_outbox`)).rows[0].n);
    expect(smtp.mails).toHaveLength(stored);

    expect(smtp.mails.filter((m) => m.subject === `${caseId} was returned with changes requested`).map((m) => m.to)).toEqual([['analyst@desk.example']]);
    const digests = smtp.mails.filter((m) => m.subject.startsWith('Conditions Desk:'));
    const recipients = digests.map((m) => m.to.join(','));
    expect(new Set(recipients).size).toBe(recipients.length);
    const analystDigest = digests.find((m) => m.to[0] === 'analyst@desk.example');
    expect(analystDigest?.text).toContain(`${caseId} is due today`);

    const analyst = await signIn(servers[1].base, 'analyst');
    const inbox = (await api(servers[1].base, 'GET', '/api/me/notifications', analyst)).body as Array<{ kind: string; subject: string }>;
    expect(inbox.filter((n) => n.kind === 'deadline' && n.subject.startsWith(caseId))).toHaveLength(1);
    // Both daily jobs ran today, once: their runs are recorded with the lock.
    const locks = await db.query(`SELECT name, last_run FROM job_locks WHERE name IN ('reminders', 'digest') ORDER BY name`);
    expect(locks.rows.map((r) => `${r.name} ${String(r.last_run).slice(0, 10)}`)).toEqual([`digest ${today}`, `reminders ${today}`]);
  });
});
