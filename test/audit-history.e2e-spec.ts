import { FixedClock } from '../src/common/clock';
import { createTestApp, TestApp, testDatabases } from './support/test-app';

// GET /api/history: filters, paging, order and validation.

describe.each(testDatabases())('history search (%s)', (database) => {
  let t: TestApp;
  let auditor: string, manager: string, analyst: string;
  const clock = new FixedClock(new Date('2030-03-01T00:00:00.000Z'));
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const search = (query: Record<string, string | number>, token = auditor) => t.http.get('/api/history').query(query).set(auth(token));
  const caseId = 'CA-FY2008.CA-FY08-JUDICIARY';

  beforeAll(async () => {
    t = await createTestApp({ database, clock });
    [auditor, manager, analyst] = await Promise.all(['auditor', 'manager', 'analyst'].map((u) => t.token(u)));
    // Three dated edits by the analyst, one day apart.
    for (const [day, rating] of [[2, 'met'], [3, 'partially_met'], [4, 'not_met']]) {
      clock.set(new Date(`2030-03-0${day}T09:00:00.000Z`));
      await t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst)).send({ rating, rationale: `r${day}`, narrative: '' }).expect(200);
    }
  });
  afterAll(async () => t?.close());

  it('pages the whole history oldest first by default, with an exact total', async () => {
    const [{ n }] = await t.sql('SELECT COUNT(*) AS n FROM journal');
    const first = await search({ pageSize: 5 }).expect(200);
    expect(first.body).toMatchObject({ total: Number(n), totalExact: true, page: 1, pageSize: 5 });
    expect(first.body.items.map((i: { seq: number }) => i.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(Object.keys(first.body.items[0]).sort()).toEqual(['actor', 'at', 'comment', 'entity', 'entityId', 'event', 'from', 'payload', 'seq', 'to'].sort());
    const second = await search({ pageSize: 5, page: 2 }).expect(200);
    expect(second.body.items.map((i: { seq: number }) => i.seq)).toEqual([6, 7, 8, 9, 10]);
    const newest = await search({ pageSize: 3, order: 'desc' }).expect(200);
    expect(newest.body.items.map((i: { seq: number }) => i.seq)).toEqual([Number(n), Number(n) - 1, Number(n) - 2]);
    const beyond = await search({ pageSize: 200, page: 50 }).expect(200);
    expect(beyond.body.items).toEqual([]);
  });

  it('filters by entity, entity id, actor, event and time range', async () => {
    let res = await search({ entity: 'case', entityId: caseId, pageSize: 200 }).expect(200);
    expect(res.body.items.map((i: { event: string }) => i.event)).toEqual(['OPEN_CASE', 'PROPOSE_FINDING', 'PROPOSE_FINDING', 'PROPOSE_FINDING']);
    expect(res.body.total).toBe(4);

    res = await search({ entity: 'user' }).expect(200);
    expect(res.body.total).toBe(7);
    expect(res.body.items.every((i: { entity: string; event: string }) => i.entity === 'user' && i.event === 'USER_CREATED')).toBe(true);

    res = await search({ actor: 'manager', event: 'OPEN_CYCLE' }).expect(200);
    expect(res.body.items.map((i: { entityId: string }) => i.entityId).sort()).toEqual(['CA-FY2008', 'CO-FY2020', 'CO-FY2022', 'CO-FY2024', 'EG-FY2022', 'MX-FY2009', 'MX-FY2014', 'NT-FY2020-GT', 'NT-FY2020-HN']);

    res = await search({ actor: 'analyst', from: '2030-03-03T00:00:00Z', to: '2030-03-04T09:00:00Z' }).expect(200);
    expect(res.body.items.map((i: { payload: { rating: string } }) => i.payload.rating)).toEqual(['partially_met']);
    res = await search({ actor: 'analyst', from: '2030-03-03', order: 'desc' }).expect(200);
    expect(res.body.items.map((i: { payload: { rating: string } }) => i.payload.rating)).toEqual(['not_met', 'partially_met']);

    res = await search({ actor: 'nobody' }).expect(200);
    expect(res.body).toMatchObject({ items: [], total: 0, totalExact: true });
  });

  it('pages a filtered result without gaps or overlaps', async () => {
    // One reviewer's case rows: more than one page of 7, fewer than the largest page.
    const all = (await search({ entity: 'case', actor: 'reviewer', pageSize: 200 }).expect(200)).body;
    expect(all.total).toBeGreaterThan(14);
    expect(all.total).toBeLessThan(200);
    const seen: number[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 7); page += 1) {
      const res = await search({ entity: 'case', actor: 'reviewer', pageSize: 7, page }).expect(200);
      expect(res.body.total).toBe(all.total);
      seen.push(...res.body.items.map((i: { seq: number }) => i.seq));
    }
    expect(seen).toEqual(all.items.map((i: { seq: number }) => i.seq));
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('answers managers and auditors only', async () => {
    await search({}, manager).expect(200);
    await search({}, analyst).expect(403);
    await t.http.get('/api/history').expect(401);
  });

  it('rejects malformed queries with 400', async () => {
    const bad: Array<Record<string, string>> = [
      { pageSize: '201' }, { pageSize: '0' }, { page: '0' }, { page: 'two' }, { page: '1.5' }, { order: 'sideways' }, { entity: 'planet' },
      { from: 'last week' }, { to: '2030-02-30' }, { event: 'drop table' }, { unknown: 'x' }, { from: '2030-03-05', to: '2030-03-01' },
    ];
    for (const query of bad) {
      const res = await search(query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
  });
});
