import { createTestApp, TestApp, testDatabases } from './support/test-app';

// The funds decision end to end: memo, decisions bound to it, the report and the cases it marks.
describe.each(testDatabases())('cycle decision workflow (%s)', (database) => {
  let t: TestApp;
  let analyst: string, reviewer: string, manager: string, auditor: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const event = (cycleId: string, token: string, body: Record<string, unknown>) => t.http.post(`/api/cycles/${cycleId}/events`).set(auth(token)).send(body);

  beforeAll(async () => {
    t = await createTestApp({ database });
    [analyst, reviewer, manager, auditor] = await Promise.all(['analyst', 'reviewer', 'manager', 'auditor'].map((u) => t.token(u)));
  });
  afterAll(async () => t?.close());

  it('lets only managers send cycle events, whatever the body', async () => {
    let res = await event('MX-FY2009', analyst, { type: 'PREPARE_MEMO' }).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'ROLE_REQUIRED' });
    res = await event('MX-FY2009', auditor, { type: 'NOT_AN_EVENT', amountCents: 'x' }).expect(403);
    expect(res.body.code).toBe('ROLE_REQUIRED');
    const cycle = await t.http.get('/api/cycles/MX-FY2009').set(auth(analyst)).expect(200);
    expect(cycle.body.allowedEvents).toEqual([]);
    expect(cycle.body.version).toBe(1);
  });

  it('answers clear 4xx errors for bad input and unknown cycles, changing nothing', async () => {
    let res = await event('MX-FY2009', manager, { type: 'NOT_AN_EVENT' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    await event('MX-FY2009', manager, { type: 'PREPARE_MEMO', amountCents: 1.5 }).expect(400);
    res = await event('NO-SUCH', manager, { type: 'PREPARE_MEMO' }).expect(404);
    expect(res.body.code).toBe('CYCLE_NOT_FOUND');
    res = await event('MX-FY2009', manager, { type: 'DECIDE_RELEASE' }).expect(409);
    expect(res.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', state: 'assessing', allowedEvents: ['PREPARE_MEMO'] });
    res = await t.http.get('/api/cycles/MX-FY2009/memo').set(auth(auditor)).expect(404);
    expect(res.body.code).toBe('MEMO_NOT_FOUND');
    await t.http.get('/api/cycles/MX-FY2009/memo?format=rtf').set(auth(auditor)).expect(400);
    await t.http.get('/api/cycles/NO-SUCH/report').set(auth(auditor)).expect(404);
    const cycle = await t.http.get('/api/cycles/MX-FY2009').set(auth(manager)).expect(200);
    expect(cycle.body).toMatchObject({ state: 'assessing', version: 1 });
  });

  it('refuses to prepare a memo while a case is not approved', async () => {
    const cycle = await t.http.get('/api/cycles/CA-FY2008').set(auth(manager)).expect(200);
    expect(cycle.body.cases.some((c: { state: string }) => c.state !== 'approved')).toBe(true);
    const res = await event('CA-FY2008', manager, { type: 'PREPARE_MEMO' }).expect(409);
    expect(res.body).toMatchObject({ code: 'CASES_NOT_APPROVED', state: 'assessing' });
  });

  it('releases MX-FY2009 on a fresh memo and transmits the report, marking every case reported', async () => {
    let res = await event('MX-FY2009', manager, { type: 'PREPARE_MEMO', expectedVersion: 1 }).expect(200);
    expect(res.body).toMatchObject({ id: 'MX-FY2009', state: 'memoDrafted', version: 2 });
    expect(res.body.allowedEvents.sort()).toEqual(['DECIDE_RELEASE', 'DECIDE_REPROGRAM', 'DECIDE_WITHHOLD', 'RETURN_TO_ASSESSMENT']);
    const [memo] = await t.sql(`SELECT id, kind, status, number, inputs_hash, content_hash, template_version FROM documents WHERE cycle_id = 'MX-FY2009'`);
    expect(memo).toMatchObject({ kind: 'decision_memo', status: 'final', template_version: 'decision-memo/2' });
    expect(Number(memo.number)).toBe(1);
    expect(memo.inputs_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(memo.content_hash).toMatch(/^[0-9a-f]{64}$/);

    const html = await t.http.get('/api/cycles/MX-FY2009/memo?format=html').set(auth(auditor)).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain('Recommendation');
    expect(html.text).toContain('That you approve the release of the withheld $33,750,000.00');
    const md = await t.http.get('/api/cycles/MX-FY2009/memo?format=md').set(auth(auditor)).expect(200);
    expect(md.headers['content-type']).toMatch(/^text\/markdown/);
    expect(md.text).toContain('## Options');

    // A stale version is refused before anything else.
    res = await event('MX-FY2009', manager, { type: 'DECIDE_RELEASE', expectedVersion: 1 }).expect(409);
    expect(res.body).toMatchObject({ code: 'VERSION_CONFLICT', version: 2 });
    res = await event('MX-FY2009', manager, { type: 'DECIDE_RELEASE', expectedVersion: 2 }).expect(200);
    expect(res.body).toMatchObject({ state: 'releaseApproved', version: 3, allowedEvents: ['TRANSMIT_REPORT'] });
    expect(res.body.decision).toMatchObject({ type: 'release', decidedBy: 'manager', memoDocumentId: memo.id });

    let report = await t.http.get('/api/cycles/MX-FY2009/report').set(auth(analyst)).expect(200);
    expect(report.text).toContain('DRAFT');

    res = await event('MX-FY2009', manager, { type: 'TRANSMIT_REPORT' }).expect(200);
    expect(res.body).toMatchObject({ state: 'reportTransmitted', version: 4, allowedEvents: [] });
    expect(res.body.cases.map((c: { state: string }) => c.state)).toEqual(['reported', 'reported', 'reported', 'reported']);
    const stored = await t.sql(`SELECT id, status FROM documents WHERE cycle_id = 'MX-FY2009' AND kind = 'report'`);
    expect(stored).toEqual([{ id: expect.any(String), status: 'final' }]);

    report = await t.http.get('/api/cycles/MX-FY2009/report?format=html').set(auth(analyst)).expect(200);
    expect(report.text).not.toContain('DRAFT');
    expect(report.text).toContain('Transmitted');
    const reportMd = await t.http.get('/api/cycles/MX-FY2009/report?format=md').set(auth(analyst)).expect(200);
    expect(reportMd.text).not.toContain('DRAFT');

    // Every step is journalled: the cycle's events, the two documents, one MARK_REPORTED per case.
    const history = await t.http.get('/api/cycles/MX-FY2009/history').set(auth(auditor)).expect(200);
    expect(history.body.map((h: { event: string }) => h.event)).toEqual(['OPEN_CYCLE', 'PREPARE_MEMO', 'DECIDE_RELEASE', 'TRANSMIT_REPORT']);
    expect(history.body[1].payload).toMatchObject({ version: 2, memoDocumentId: memo.id });
    expect(history.body[2].payload).toMatchObject({ version: 3, memoDocumentId: memo.id, decision: { type: 'release' } });
    const docs = await t.sql(`SELECT event, payload FROM journal WHERE entity_type = 'document' AND cycle_id = 'MX-FY2009' ORDER BY seq`);
    expect(docs.map((d) => JSON.parse(d.payload).kind)).toEqual(['decision_memo', 'report']);
    const marks = await t.sql(`SELECT case_id, actor, from_state, to_state FROM journal WHERE event = 'MARK_REPORTED' AND cycle_id = 'MX-FY2009' ORDER BY seq`);
    expect(marks).toHaveLength(4);
    expect(marks.every((m) => m.actor === 'manager' && m.from_state === 'approved' && m.to_state === 'reported')).toBe(true);
    const caseView = await t.http.get(`/api/cases/${marks[0].case_id}`).set(auth(analyst)).expect(200);
    expect(caseView.body.state).toBe('reported');

    res = await event('MX-FY2009', manager, { type: 'TRANSMIT_REPORT' }).expect(409);
    expect(res.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', state: 'reportTransmitted', allowedEvents: [] });
  });

  it('withholds MX-FY2014, resumes, refuses release, and needs destination and amount to reprogram', async () => {
    let res = await event('MX-FY2014', manager, { type: 'PREPARE_MEMO', destination: 'Peru (coca eradication)', amountCents: 500_000_001 }).expect(400);
    expect(res.body.code).toBe('AMOUNT_EXCEEDS_WITHHELD');
    res = await event('MX-FY2014', manager, { type: 'PREPARE_MEMO', destination: 'Peru (coca eradication)' }).expect(200);
    expect(res.body.state).toBe('memoDrafted');
    const memo = await t.http.get('/api/cycles/MX-FY2014/memo?format=md').set(auth(auditor)).expect(200);
    expect(memo.text).toContain('reprogramming $5,000,000.00 to Peru (coca eradication)');
    expect(memo.text).toContain('0 of 4 criteria assessed as met');

    res = await event('MX-FY2014', manager, { type: 'DECIDE_RELEASE' }).expect(409);
    expect(res.body).toMatchObject({ code: 'FINDINGS_NOT_MET', state: 'memoDrafted' });
    res = await event('MX-FY2014', manager, { type: 'DECIDE_WITHHOLD' }).expect(400);
    expect(res.body.code).toBe('COMMENT_REQUIRED');
    res = await event('MX-FY2014', manager, { type: 'DECIDE_WITHHOLD', comment: 'Criteria not met; keep withholding' }).expect(200);
    expect(res.body).toMatchObject({ state: 'withheld', allowedEvents: ['RESUME_ASSESSMENT'], decision: { type: 'withhold', comment: 'Criteria not met; keep withholding' } });
    res = await event('MX-FY2014', manager, { type: 'RESUME_ASSESSMENT' }).expect(200);
    expect(res.body).toMatchObject({ state: 'assessing', decision: null });

    await event('MX-FY2014', manager, { type: 'PREPARE_MEMO', destination: 'Peru (coca eradication)' }).expect(200);
    res = await event('MX-FY2014', manager, { type: 'DECIDE_REPROGRAM', destination: 'Peru', amountCents: 500_000_001 }).expect(400);
    expect(res.body.code).toBe('AMOUNT_EXCEEDS_WITHHELD');
    res = await event('MX-FY2014', manager, { type: 'DECIDE_REPROGRAM', amountCents: 500_000_000 }).expect(400);
    expect(res.body.code).toBe('DESTINATION_REQUIRED');
    res = await event('MX-FY2014', manager, { type: 'DECIDE_REPROGRAM', destination: '  ', amountCents: 500_000_000 }).expect(400);
    expect(res.body.code).toBe('DESTINATION_REQUIRED');
    res = await event('MX-FY2014', manager, { type: 'DECIDE_REPROGRAM', destination: 'Peru' }).expect(400);
    expect(res.body.code).toBe('AMOUNT_REQUIRED');
    const cycle = await t.http.get('/api/cycles/MX-FY2014').set(auth(manager)).expect(200);
    expect(cycle.body.state).toBe('memoDrafted');
  });

  it('refuses a decision on a stale memo until the memo is prepared again, then reprograms', async () => {
    const caseId = 'MX-FY2014.MX-FY14-TORTURE';
    // Reopening is allowed while the cycle is undecided; the findings the memo was built on change.
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(manager)).send({ type: 'REOPEN', comment: 'New CNDH recommendation' }).expect(200);
    let res = await event('MX-FY2014', manager, { type: 'DECIDE_WITHHOLD', comment: 'x' }).expect(409);
    expect(res.body).toMatchObject({ code: 'MEMO_STALE', state: 'memoDrafted' });
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(200);
    // Approved again with the same rating, but a new approval: still not what the memo was built from.
    res = await event('MX-FY2014', manager, { type: 'DECIDE_REPROGRAM', destination: 'Peru', amountCents: 500_000_000 }).expect(409);
    expect(res.body.code).toBe('MEMO_STALE');

    res = await event('MX-FY2014', manager, { type: 'RETURN_TO_ASSESSMENT' }).expect(400);
    expect(res.body.code).toBe('COMMENT_REQUIRED');
    await event('MX-FY2014', manager, { type: 'RETURN_TO_ASSESSMENT', comment: 'Memo out of date' }).expect(200);
    res = await event('MX-FY2014', manager, { type: 'PREPARE_MEMO', destination: 'Peru (coca eradication)' }).expect(200);
    const [latest] = await t.sql(`SELECT id, number FROM documents WHERE cycle_id = 'MX-FY2014' AND kind = 'decision_memo' ORDER BY number DESC`);
    expect(Number(latest.number)).toBe(3);

    res = await event('MX-FY2014', manager, { type: 'DECIDE_REPROGRAM', destination: 'Peru (coca eradication)', amountCents: 500_000_000, comment: 'As in October 2015' }).expect(200);
    expect(res.body).toMatchObject({
      state: 'reprogrammed',
      allowedEvents: [],
      decision: { type: 'reprogram', destination: 'Peru (coca eradication)', amountCents: 500_000_000, memoDocumentId: latest.id, decidedBy: 'manager' },
    });
    // Decided: cases can no longer be reopened.
    res = await t.http.post(`/api/cases/${caseId}/events`).set(auth(manager)).send({ type: 'REOPEN', comment: 'late' }).expect(409);
    expect(res.body.code).toBe('CYCLE_DECIDED');
  });
});
