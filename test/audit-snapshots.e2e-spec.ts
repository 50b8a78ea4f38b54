import { FixedClock } from '../src/common/clock';
import type { AuthUser } from '../src/auth/auth.types';
import { SnapshotService, SNAPSHOT_EVERY } from '../src/audit/snapshot.service';
import { parseCaseState } from '../src/audit/stored-case-state';
import { EvidenceService } from '../src/evidence/evidence.service';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

// As-of views from stored states: the same answers as a full replay, states built from the
// journal, checked by reconciliation, and disposable.

describe.each(testDatabases())('as-of snapshots (%s)', (database) => {
  let t: TestApp;
  let auditor: string;
  let caseId: string;
  const EVENTS = SNAPSHOT_EVERY + 60;
  const start = Date.parse('2031-01-01T00:00:00.000Z');
  const instant = (n: number) => new Date(start + n * 1000).toISOString();
  const clock = new FixedClock(new Date(start));
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const asOf = async (n: number) => (await t.http.get(`/api/cases/${caseId}`).query({ asOf: instant(n) }).set(auth(auditor)).expect(200)).body;
  const count = async () => Number((await t.sql('SELECT COUNT(*) AS n FROM journal_snapshots'))[0].n);
  const probes = [10, SNAPSHOT_EVERY - 1, SNAPSHOT_EVERY + 7, EVENTS - 3, EVENTS + 5];

  beforeAll(async () => {
    t = await createTestApp({ database, clock });
    auditor = await t.token('auditor');
    caseId = (await t.sql(`SELECT id FROM cases WHERE state = 'evidenceGathering' ORDER BY id`))[0].id;
    const [row] = await t.sql(`SELECT id, username, roles FROM users WHERE username = 'analyst'`);
    const analyst = { id: Number(row.id), username: row.username, roles: row.roles.split(',') } as AuthUser;
    const evidence = t.app.get(EvidenceService);
    // Many rows through the real write path, one second apart.
    for (let n = 1; n <= EVENTS; n += 1) {
      clock.set(new Date(instant(n)));
      await evidence.add(analyst, caseId, evidenceBody({ title: `Item ${n}`, stance: n % 2 ? 'supports' : 'context' }) as never);
    }
  }, 300_000);
  afterAll(async () => t?.close());

  it('answers the same from stored states as from a full replay, and checks them', async () => {
    const replayed = [];
    for (const n of probes) replayed.push(await asOf(n));
    expect(replayed[0].evidence).toHaveLength(10);
    const snapshots = t.app.get(SnapshotService);
    // The long replays asked for states in the background; building again adds none twice.
    await snapshots.buildCase(caseId);
    await snapshots.buildCase(caseId);
    const stored = await count();
    expect(stored).toBe(Math.floor((EVENTS + 1) / SNAPSHOT_EVERY));
    for (const [i, n] of probes.entries()) expect(await asOf(n)).toEqual(replayed[i]);
    // Read once, then shared by the views that resume from it.
    const nearest = await snapshots.nearestCase(caseId);
    expect(nearest?.state.items.length).toBeGreaterThan(0);
    expect((await snapshots.nearestCase(caseId))?.state).toBe(nearest?.state);
    const reconciled = (await t.http.get('/api/audit/reconcile').set(auth(auditor)).expect(200)).body;
    expect(reconciled).toMatchObject({ ok: true });
    expect(reconciled.checked.journal_snapshots).toBe(stored);
  });

  it('names a stored state that differs from the journal, and answers from the journal once states are dropped', async () => {
    const expected = await asOf(EVENTS - 3);
    const [first] = await t.sql(`SELECT seq, state FROM journal_snapshots ORDER BY seq`);
    // Written back in the form states had before the line form: it is read all the same.
    const forged = parseCaseState(first.state);
    forged.evidence[0].retracted = true;
    await t.sql(`UPDATE journal_snapshots SET state = ${database === 'postgres' ? '$1' : '?'} WHERE seq = ${Number(first.seq)}`, [JSON.stringify(forged)]);
    const reconciled = (await t.http.get('/api/audit/reconcile').set(auth(auditor)).expect(200)).body;
    expect(reconciled.ok).toBe(false);
    expect(reconciled.mismatches).toEqual([expect.objectContaining({ table: 'journal_snapshots', id: `${caseId}@${Number(first.seq)}`, field: 'state' })]);
    await t.sql('DELETE FROM journal_snapshots');
    expect(await asOf(EVENTS - 3)).toEqual(expected);
    expect((await t.http.get('/api/audit/reconcile').set(auth(auditor)).expect(200)).body.ok).toBe(true);
  });
});
