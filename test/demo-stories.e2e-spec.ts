import { createTestApp, TestApp, testDatabases } from './support/test-app';

// The demo desk, seeded through the same services as users' work, tells the regimes' stories.
describe.each(testDatabases())('demo stories (%s)', (database) => {
  let t: TestApp;
  let manager: string, auditor: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const get = async (id: string) => (await t.http.get(`/api/cycles/${id}`).set(auth(manager)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ database });
    [manager, auditor] = await Promise.all(['manager', 'auditor'].map((u) => t.token(u)));
  });
  afterAll(async () => t?.close());

  it('Northern Triangle FY2020: Honduras ready to certify, Guatemala to be reprogrammed where the statute says', async () => {
    const hn = await get('NT-FY2020-HN');
    expect(hn).toMatchObject({ recipient: { name: 'the Government of Honduras' }, state: 'assessing', allowedEvents: ['PREPARE_MEMO'], withheldCents: 5_000_000_000 });
    expect(hn.cases.every((c: { state: string }) => c.state === 'approved')).toBe(true);
    const draft = await t.http.get('/api/cycles/NT-FY2020-HN/report?format=md').set(auth(auditor)).expect(200);
    expect(draft.text).toContain('I hereby certify and report that the Government of Honduras is—');
    const gt = await get('NT-FY2020-GT');
    expect(gt).toMatchObject({ state: 'memoDrafted', tranches: [{ reprogramTo: ['other countries in Latin America and the Caribbean'], waiverAvailable: false }] });
    await t.http.post('/api/cycles/NT-FY2020-GT/events').set(auth(manager)).send({ type: 'DECIDE_RELEASE' }).expect(409);
    const refused = await t.http.post('/api/cycles/NT-FY2020-GT/events').set(auth(manager)).send({ type: 'DECIDE_REPROGRAM', destination: 'Peru', amountCents: 5_000_000_000 }).expect(400);
    expect(refused.body.code).toBe('DESTINATION_NOT_PERMITTED');
    await t.http.post('/api/cycles/NT-FY2020-GT/events').set(auth(manager))
      .send({ type: 'DECIDE_REPROGRAM', destination: 'other countries in Latin America and the Caribbean', amountCents: 5_000_000_000 }).expect(200);
  });

  it('Colombia FY2022: three tranches at three stages', async () => {
    const co = await get('CO-FY2022');
    expect(co.state).toBe('mixed');
    expect(co.tranches.map((tr: { code: string; state: string }) => `${tr.code}:${tr.state}`)).toEqual(['A:reportTransmitted', 'B-I:withheld', 'B-II:assessing']);
    expect(co.tranches.map((tr: { withheldCents: number }) => tr.withheldCents)).toEqual([3_000_000_000, 2_000_000_000, 200_000_000]);
    const certification = await t.http.get('/api/cycles/CO-FY2022/report?format=md&tranche=A').set(auth(auditor)).expect(200);
    expect(certification.text).toContain('Transmitted');
  });

  it('Egypt FY2022: the $235M waived with a justification, the $85M still withheld', async () => {
    const eg = await get('EG-FY2022');
    expect(eg.tranches).toMatchObject([
      { code: 'A', withheldCents: 23_500_000_000, state: 'waived', decision: { type: 'waive', comment: expect.stringContaining('national security interest') } },
      { code: 'C', withheldCents: 8_500_000_000, state: 'withheld', waiverAvailable: false },
    ]);
    const determination = await t.http.get('/api/cycles/EG-FY2022/report?format=md&tranche=A').set(auth(auditor)).expect(200);
    expect(determination.text).toContain('Justification report');
  });

  it('Mexico FY2009: a base within the $225M ceiling; MX-FY2014 still ready for the Peru story', async () => {
    expect(await get('MX-FY2009')).toMatchObject({ appropriatedCents: 22_500_000_000, withheldCents: 3_375_000_000, withheldPercent: 15 });
    expect(await get('MX-FY2014')).toMatchObject({ withheldCents: 500_000_000, state: 'assessing' });
  });

  it('never lets a reviewer approve what they wrote', async () => {
    const rows = (await t.sql<{ case_id: string; event: string; actor: string }>('SELECT case_id, event, actor FROM journal WHERE case_id IS NOT NULL ORDER BY seq'))
      .map((row) => ({ entityId: row.case_id, event: row.event, actor: row.actor }));
    const authors = new Map<string, Set<string>>();
    for (const row of rows) {
      if (['ADD_EVIDENCE', 'PROPOSE_FINDING', 'SUBMIT_FOR_REVIEW', 'REVISE_EVIDENCE'].includes(row.event)) {
        authors.set(row.entityId, (authors.get(row.entityId) ?? new Set()).add(row.actor));
      }
    }
    const approvals = rows.filter((row) => row.event === 'APPROVE');
    expect(approvals.length).toBeGreaterThan(30);
    for (const row of approvals) expect(authors.get(row.entityId)?.has(row.actor)).toBe(false);
  });
});
