import { FixedClock } from '../src/common/clock';
import { ReconciliationService } from '../src/reconciliation/reconciliation.service';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// Live tables edited behind the desk's back, where the hash chain cannot see it: reconciliation
// rebuilds the state from the journal and names every table and id that differs.

describe.each(testDatabases())('reconciliation of live tables with the journal (%s)', (database) => {
  let t: TestApp;
  let analyst: string, reviewer: string, manager: string, auditor: string, admin: string;
  const clock = new FixedClock(new Date('2015-10-15T15:30:00.000Z'));
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const p = (n: number) => (database === 'postgres' ? `$${n}` : '?');
  const reconcile = async () => (await t.http.get('/api/audit/reconcile').set(auth(auditor)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ database, clock });
    [analyst, reviewer, manager, auditor, admin] = await Promise.all(['analyst', 'reviewer', 'manager', 'auditor', 'admin'].map((u) => t.token(u)));
    // A stored memo, and work of every kind on top of the seeded desk.
    await t.http.post('/api/cycles/MX-FY2014/events').set(auth(manager)).send({ type: 'PREPARE_MEMO' }).expect(200);
    const open = (await t.sql(`SELECT id FROM cases WHERE state = 'evidenceGathering' ORDER BY id`))[0].id as string;
    const added = await t.http.post(`/api/cases/${open}/evidence`).set(auth(analyst)).send(evidenceBody()).expect(201);
    await t.http.put(`/api/evidence/${added.body.id}`).set(auth(analyst)).send(evidenceBody({ title: 'Revised title' })).expect(200);
    await t.http.post(`/api/evidence/${added.body.id}/retract`).set(auth(analyst)).send({ reason: 'duplicate' }).expect(200);
    const [analyst2] = await t.sql(`SELECT id FROM users WHERE username = 'analyst2'`);
    await t.http.put(`/api/users/${analyst2.id}/roles`).set(auth(admin)).send({ roles: ['analyst', 'reviewer'] }).expect(200);
    await t.http.post('/api/users').set(auth(admin)).send({ username: 'newcomer', displayName: 'New Comer', password: 'a long enough password', roles: ['auditor'] }).expect(201);
  });
  afterAll(async () => t?.close());

  it('finds the untouched desk consistent, table by table', async () => {
    const result = await reconcile();
    expect(result).toMatchObject({ ok: true, mismatches: [], total: 0 });
    const count = async (table: string) => Number((await t.sql(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    for (const table of ['cases', 'cycles', 'evidence', 'evidence_revisions', 'users']) expect(result.checked[table]).toBe(await count(table));
    expect(result.checked.documents).toBe(await count('documents'));
    expect(result.checked.documents).toBeGreaterThan(0);
    expect(result.checked.evidence_revisions).toBeGreaterThan(result.checked.evidence);
    await t.http.get('/api/audit/reconcile').set(auth(analyst)).expect(403);
    // The service answers without the route too, for verify to include.
    expect((await t.app.get(ReconciliationService).reconcile()).ok).toBe(true);
  });

  it('names an edited cases.finding', async () => {
    const [approved] = await t.sql(`SELECT id, finding FROM cases WHERE finding IS NOT NULL ORDER BY id`);
    const forged = { ...JSON.parse(approved.finding), rating: 'met', approvedBy: 'nobody' };
    await t.sql(`UPDATE cases SET finding = ${p(1)} WHERE id = ${p(2)}`, [JSON.stringify(forged), approved.id]);
    const result = await reconcile();
    expect(result).toMatchObject({ ok: false, total: 1 });
    expect(result.mismatches).toEqual([expect.objectContaining({ table: 'cases', id: approved.id, field: 'finding', live: forged })]);
    // Journal verification runs the same reconciliation: the chain is intact, the verdict is not.
    const verified = (await t.http.get('/api/audit/verify').set(auth(auditor)).expect(200)).body;
    expect(verified.ok).toBe(false);
    expect(verified.reconciliation.mismatches).toEqual([expect.objectContaining({ table: 'cases', id: approved.id, field: 'finding' })]);
    await t.sql(`UPDATE cases SET finding = ${p(1)} WHERE id = ${p(2)}`, [approved.finding, approved.id]);
    expect((await reconcile()).ok).toBe(true);
  });

  it("names an evidence revision whose title and stance were edited", async () => {
    const [revision] = await t.sql(`SELECT id, evidence_id, revision, title, stance FROM evidence_revisions ORDER BY id`);
    await t.sql(`UPDATE evidence_revisions SET title = ${p(1)}, stance = ${p(2)} WHERE id = ${p(3)}`, ['Nothing happened', revision.stance === 'supports' ? 'contradicts' : 'supports', revision.id]);
    const result = await reconcile();
    expect(result.ok).toBe(false);
    expect(result.mismatches).toEqual([
      expect.objectContaining({ table: 'evidence_revisions', id: `${revision.evidence_id}/${revision.revision}`, field: 'contentHash' }),
    ]);
    await t.sql(`UPDATE evidence_revisions SET title = ${p(1)}, stance = ${p(2)} WHERE id = ${p(3)}`, [revision.title, revision.stance, revision.id]);
    expect((await reconcile()).ok).toBe(true);
  });

  it("names an evidence row whose copied stance no longer says what its current revision says", async () => {
    const [item] = await t.sql(`SELECT id, current_stance FROM evidence ORDER BY id`);
    const forged = item.current_stance === 'supports' ? 'contradicts' : 'supports';
    await t.sql(`UPDATE evidence SET current_stance = ${p(1)} WHERE id = ${p(2)}`, [forged, item.id]);
    const result = await reconcile();
    expect(result.mismatches).toEqual([expect.objectContaining({ table: 'evidence', id: item.id, field: 'currentStance', journal: item.current_stance, live: forged })]);
    await t.sql(`UPDATE evidence SET current_stance = ${p(1)} WHERE id = ${p(2)}`, [item.current_stance, item.id]);
    expect((await reconcile()).ok).toBe(true);
  });

  it('names a user given all five roles in users.roles', async () => {
    const [before] = await t.sql(`SELECT roles FROM users WHERE username = 'analyst'`);
    await t.sql(`UPDATE users SET roles = 'admin,analyst,auditor,manager,reviewer' WHERE username = 'analyst'`);
    const result = await reconcile();
    expect(result.mismatches).toEqual([
      { table: 'users', id: 'analyst', field: 'roles', journal: ['analyst'], live: ['admin', 'analyst', 'auditor', 'manager', 'reviewer'] },
    ]);
    await t.sql(`UPDATE users SET roles = ${p(1)} WHERE username = 'analyst'`, [before.roles]);
    expect((await reconcile()).ok).toBe(true);
  });

  it("names a stored memo whose HTML was replaced", async () => {
    const [memo] = await t.sql(`SELECT id, html FROM documents WHERE kind = 'decision_memo'`);
    await t.sql(`UPDATE documents SET html = ${p(1)} WHERE id = ${p(2)}`, ['<p>The funds are released.</p>', memo.id]);
    const result = await reconcile();
    expect(result.mismatches).toEqual([expect.objectContaining({ table: 'documents', id: memo.id, field: 'contentHash' })]);
    await t.sql(`UPDATE documents SET html = ${p(1)} WHERE id = ${p(2)}`, [memo.html, memo.id]);
    expect((await reconcile()).ok).toBe(true);
  });

  it('names rows that exist on one side only, and reports every difference at once', async () => {
    await t.sql(
      `INSERT INTO users (username, display_name, password_hash, roles, active, token_version, created_at) VALUES ('intruder', 'X', 'x', 'admin', ${database === 'postgres' ? 'true' : '1'}, 0, '2015-10-15T15:30:00.000Z')`,
    );
    await t.sql(`UPDATE cases SET state = 'approved', version = version + 1 WHERE id = (SELECT MIN(id) FROM cases WHERE state = 'evidenceGathering')`);
    const result = await reconcile();
    expect(result.total).toBe(3);
    expect(result.mismatches).toEqual(expect.arrayContaining([
      expect.objectContaining({ table: 'users', id: 'intruder', field: 'row', journal: null }),
      expect.objectContaining({ table: 'cases', field: 'state', live: 'approved' }),
      expect.objectContaining({ table: 'cases', field: 'version' }),
    ]));
  });
});
