import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// A database written by the previous release (main at df31abd, seeded demo, MX-FY2014
// reprogrammed to Peru, MX-FY2009 released and its report transmitted) upgrades in place.
const FIXTURE = path.join(__dirname, 'fixtures', 'release-df31abd');

// The release before this one kept the round's authorship as a map inside the case snapshot
// (evidence item id -> its writers); this case is given one, as that release wrote it.
const MAPPED_CASE = 'CA-FY2008.CA-FY08-JUDICIARY';
const MAPPED_ITEM = '0b9e6c1e-5f43-4c55-9a57-2c1d2f0e7a11';
const mappedSnapshot = JSON.stringify({
  value: 'evidenceGathering',
  context: { submittedBy: null, approvedFinding: null, authors: { finding: null, evidence: { [MAPPED_ITEM]: ['reviewer-analyst'] } } },
});

async function loadPreviousRelease(database: { sqlitePath?: string; pgUrl?: string }): Promise<void> {
  if (database.sqlitePath) {
    fs.copyFileSync(path.join(FIXTURE, 'desk.sqlite'), database.sqlitePath);
    const db = new Database(database.sqlitePath);
    db.prepare('UPDATE cases SET snapshot = ? WHERE id = ?').run(mappedSnapshot, MAPPED_CASE);
    db.close();
    return;
  }
  // pg_dump output, without psql's own backslash commands.
  const sql = fs.readFileSync(path.join(FIXTURE, 'desk.pg.sql'), 'utf8').split('\n').filter((line) => !line.startsWith('\\')).join('\n');
  const client = new Client({ connectionString: database.pgUrl });
  await client.connect();
  try {
    await client.query(sql);
    // The dump leaves search_path empty.
    await client.query('UPDATE public.cases SET snapshot = $1 WHERE id = $2', [mappedSnapshot, MAPPED_CASE]);
  } finally {
    await client.end();
  }
}

describe.each(testDatabases())('upgrade from the previous release (%s)', (database) => {
  let t: TestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  let manager: string, auditor: string;

  beforeAll(async () => {
    t = await createTestApp({ database, beforeStart: loadPreviousRelease });
    [manager, auditor] = await Promise.all(['manager', 'auditor'].map((u) => t.token(u)));
  });
  afterAll(async () => t?.close());

  it('keeps each cycle as a single-tranche cycle with its state, money and decision', async () => {
    const fy14 = (await t.http.get('/api/cycles/MX-FY2014').set(auth(manager)).expect(200)).body;
    expect(fy14).toMatchObject({
      state: 'reprogrammed', withheldPercent: 15, withheldCents: 500_000_000, appropriatedCents: 3_333_333_334, version: 3, recipient: { code: 'MX' },
      decision: { type: 'reprogram', destination: 'Peru', amountCents: 500_000_000 },
    });
    expect(fy14.tranches).toMatchObject([{ code: 'A', state: 'reprogrammed', withheldCents: 500_000_000 }]);
    expect(fy14.cases.every((c: { tranche: string }) => c.tranche === 'A')).toBe(true);
    const fy09 = (await t.http.get('/api/cycles/MX-FY2009').set(auth(manager)).expect(200)).body;
    expect(fy09).toMatchObject({ state: 'reportTransmitted', allowedEvents: [] });
    const report = await t.http.get('/api/cycles/MX-FY2009/report?format=md').set(auth(auditor)).expect(200);
    expect(report.text).toContain('Transmitted');
  });

  it('pins the migrated cycles to the statute text stored then, and journals the new catalog version', async () => {
    const ca = (await t.http.get('/api/cycles/CA-FY2008').set(auth(manager)).expect(200)).body;
    const versions = (await t.http.get('/api/statutes/PL110-252-CA/versions').set(auth(auditor)).expect(200)).body;
    expect(versions).toHaveLength(2);
    expect(ca.statuteVersion).toBe(versions[0].version);
    expect(versions[1]).toMatchObject({ current: true });
    expect(ca).toMatchObject({ newerStatuteVersion: true, state: 'assessing' });
    expect(ca.allowedEvents).toEqual(['PREPARE_MEMO', 'REPIN_STATUTE']);
    // The old release stored the truncated wording; the cycle still shows it.
    const policeCase = (await t.http.get('/api/cases/CA-FY2008.CA-FY08-POLICE-COMPLAINTS').set(auth(manager)).expect(200)).body;
    expect(policeCase.criterion.text).toBe('establishing police complaints commissions ...');
    const rows = (await t.http.get('/api/history').query({ event: 'STATUTE_VERSION_LOADED', pageSize: 100 }).set(auth(auditor)).expect(200)).body;
    expect(rows.items.map((r: { entityId: string }) => r.entityId)).toContain('PL110-252-CA');
  });

  it('keeps the journal verifiable and the as-of views readable across the upgrade', async () => {
    const verify = (await t.http.get('/api/audit/verify').set(auth(auditor)).expect(200)).body;
    expect(verify).toMatchObject({ ok: true, firstBrokenSeq: null });
    const asOf = (await t.http.get('/api/cycles/MX-FY2014').query({ asOf: '2026-12-01T21:52:58.000Z' }).set(auth(auditor)).expect(200)).body;
    expect(asOf).toMatchObject({ state: 'reprogrammed', withheldPercent: 15, tranches: [{ code: 'A', state: 'reprogrammed' }] });
    const caseAsOf = (await t.http.get('/api/cases/MX-FY2014.MX-FY14-TORTURE').query({ asOf: '2026-12-01T21:52:58.000Z' }).set(auth(auditor)).expect(200)).body;
    expect(caseAsOf).toMatchObject({ state: 'approved', criterion: { code: 'MX-FY14-TORTURE' } });
  });

  it('counts and filters the evidence written before the upgrade by its current revision', async () => {
    const caseId = 'MX-FY2014.MX-FY14-TORTURE';
    const whole = (await t.http.get(`/api/cases/${caseId}/evidence`).set(auth(auditor)).expect(200)).body as Array<{ stance: string; retracted: boolean }>;
    expect(whole.length).toBeGreaterThan(0);
    const page = (await t.http.get(`/api/cases/${caseId}/evidence`).query({ stance: 'contradicts', pageSize: 200 }).set(auth(auditor)).expect(200)).body;
    expect(page.total).toBe(whole.filter((e) => e.stance === 'contradicts').length);
    expect(page.items.every((e: { stance: string }) => e.stance === 'contradicts')).toBe(true);
    expect(page.counts.all).toBe(whole.length);
    expect(page.counts.stance).toEqual({
      supports: whole.filter((e) => e.stance === 'supports').length,
      contradicts: whole.filter((e) => e.stance === 'contradicts').length,
      context: whole.filter((e) => e.stance === 'context').length,
    });
    const reconciled = (await t.http.get('/api/audit/reconcile').set(auth(auditor)).expect(200)).body;
    expect(reconciled).toMatchObject({ ok: true });
  });

  it('moves the round authorship kept in a case snapshot into its table, and still keeps the author from review', async () => {
    const rows = await t.sql('SELECT case_id AS "caseId", username, evidence_id AS "evidenceId" FROM case_round_authors');
    expect(rows).toEqual([{ caseId: MAPPED_CASE, username: 'reviewer-analyst', evidenceId: MAPPED_ITEM }]);
    const [stored] = (await t.sql(`SELECT snapshot FROM cases WHERE id = ${database === 'postgres' ? '$1' : '?'}`, [MAPPED_CASE])) as Array<{ snapshot: string }>;
    expect(JSON.parse(stored.snapshot).context.authors).toEqual({ finding: null, evidenceWriters: ['reviewer-analyst'] });

    const analyst = await t.token('analyst');
    await t.http.post(`/api/cases/${MAPPED_CASE}/evidence`).set(auth(analyst)).send(evidenceBody()).expect(201);
    await t.http.put(`/api/cases/${MAPPED_CASE}/proposed-finding`).set(auth(analyst)).send({ rating: 'met', rationale: 'r', narrative: '' }).expect(200);
    await t.http.post(`/api/cases/${MAPPED_CASE}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
    const robin = await t.token('reviewer-analyst');
    const refused = await t.http.post(`/api/cases/${MAPPED_CASE}/events`).set(auth(robin)).send({ type: 'APPROVE' }).expect(403);
    expect(refused.body.code).toBe('SEPARATION_OF_DUTIES');
    await t.http.post(`/api/cases/${MAPPED_CASE}/events`).set(auth(analyst)).send({ type: 'WITHDRAW' }).expect(200);
  });

  it('moves an undecided cycle to the new text only on REPIN_STATUTE, returning the changed cases', async () => {
    // An approved case whose criterion text changes goes back through its own machine: finding cleared, a new round.
    const police = 'CA-FY2008.CA-FY08-POLICE-COMPLAINTS';
    const [analyst, reviewer] = await Promise.all(['analyst', 'reviewer'].map((u) => t.token(u)));
    await t.http.post(`/api/cases/${police}/evidence`).set(auth(analyst)).send({
      kind: 'ngo_report', title: 'Complaints commission report', source: 'NGO', sourceDate: '2008-05-01', periodStart: '2007-01-01', periodEnd: '2007-12-31',
      summary: 'Commission heard 40 complaints', stance: 'supports', reliability: 'B', credibility: 2,
    }).expect(201);
    await t.http.put(`/api/cases/${police}/proposed-finding`).set(auth(analyst)).send({ rating: 'met', rationale: 'Commission works', narrative: '' }).expect(200);
    await t.http.post(`/api/cases/${police}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
    await t.http.post(`/api/cases/${police}/events`).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(200);
    const authorsOf = async () => t.sql(`SELECT username FROM case_round_authors WHERE case_id = ${database === 'postgres' ? '$1' : '?'}`, [police]);
    expect(await authorsOf()).toEqual([{ username: 'analyst' }]);

    await t.http.post('/api/cycles/CA-FY2008/events').set(auth(manager)).send({ type: 'REPIN_STATUTE' }).expect(400);
    await t.http.post('/api/cycles/MX-FY2009/events').set(auth(manager)).send({ type: 'REPIN_STATUTE', comment: 'Newer text' }).expect(409);
    const res = await t.http.post('/api/cycles/CA-FY2008/events').set(auth(manager)).send({ type: 'REPIN_STATUTE', comment: 'Criterion (1) in full' }).expect(200);
    expect(res.body).toMatchObject({ newerStatuteVersion: false, state: 'assessing' });
    expect(res.body.allowedEvents).toEqual(['PREPARE_MEMO']);
    const policeCase = (await t.http.get('/api/cases/CA-FY2008.CA-FY08-POLICE-COMPLAINTS').set(auth(manager)).expect(200)).body;
    expect(policeCase.criterion.text).toMatch(/^establishing police complaints commissions with authority and independence/);
    expect(policeCase.statuteVersion).toBe(res.body.statuteVersion);
    const history = (await t.http.get('/api/cases/CA-FY2008.CA-FY08-POLICE-COMPLAINTS/history').set(auth(auditor)).expect(200)).body;
    expect(history.at(-1)).toMatchObject({ event: 'REPIN_STATUTE', from: 'approved', to: 'evidenceGathering', comment: expect.stringContaining('criterion text changed') });
    expect(policeCase).toMatchObject({ state: 'evidenceGathering', finding: null });
    expect(await authorsOf()).toEqual([]);
    // The reviewer of the old round is not an author of the new one: after another submission they may approve again.
    await t.http.post(`/api/cases/${police}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
    await t.http.post(`/api/cases/${police}/events`).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(200);
    const verify = (await t.http.get('/api/audit/verify').set(auth(auditor)).expect(200)).body;
    expect(verify.ok).toBe(true);
    expect((await t.http.get('/api/audit/reconcile').set(auth(auditor)).expect(200)).body).toMatchObject({ ok: true });
  });
});
