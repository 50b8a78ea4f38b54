import * as fs from 'node:fs';
import * as path from 'node:path';
import { FixedClock } from '../src/common/clock';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';
import { expectMarkdownTwin } from './support/document-structure';

const GOLDEN_DIR = path.join(__dirname, 'golden');
/** Golden documents (UPDATE_GOLDEN=1 rewrites them); evidence ids are random, so hashes are masked. */
function expectGolden(name: string, actual: string): void {
  // Hashes and the journal's tree root differ per run (random ids).
  const normalised = actual.replace(/[0-9a-f]{64}/g, '<sha256>').replace(/root [A-Za-z0-9+/]{43}(=|&#x3D;)/g, 'root <base64>');
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(path.join(GOLDEN_DIR, name), normalised);
  expect(normalised).toBe(fs.readFileSync(path.join(GOLDEN_DIR, name), 'utf8'));
}

// The regimes of the catalog as cycles: several tranches, several recipients, fixed amounts,
// waivers and statutory destinations. Fiscal year 2030 keeps clear of the demo cycles.
const CATALOG = fs
  .readdirSync(path.join(__dirname, '..', 'data', 'statutes'))
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'data', 'statutes', name), 'utf8')));

describe.each(testDatabases())('conditionality regimes (%s)', (database) => {
  let t: TestApp;
  let analyst: string, reviewer: string, manager: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const event = (cycleId: string, body: Record<string, unknown>) => t.http.post(`/api/cycles/${cycleId}/events`).set(auth(manager)).send(body);
  const open = (body: Record<string, unknown>) => t.http.post('/api/cycles').set(auth(manager)).send({ fiscalYear: 2030, obligationDeadline: '2031-09-30', ...body });
  const bases = (statute: { tranches: Array<{ code: string; share: { percent?: number } }> }) =>
    statute.tranches.filter((tr) => tr.share.percent !== undefined).map((tr) => ({ code: tr.code, baseCents: 100_000_000 }));

  /** Walks one case to `approved` with the given rating: evidence and finding by the analyst, approval by the reviewer. */
  async function approve(caseId: string, rating: 'met' | 'not_met', sensitivity?: string) {
    await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(evidenceBody({ stance: rating === 'met' ? 'supports' : 'contradicts' })).expect(201);
    if (sensitivity) {
      const marked = evidenceBody({ title: 'Embassy reporting on detentions', source: 'U.S. Embassy Cairo', url: null, sensitivity });
      await t.http.post(`/api/cases/${caseId}/evidence`).set(auth(analyst)).send(marked).expect(201);
    }
    await t.http.put(`/api/cases/${caseId}/proposed-finding`).set(auth(analyst)).send({ rating, rationale: 'From the evidence', narrative: 'Illustrative.' }).expect(200);
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(analyst)).send({ type: 'SUBMIT_FOR_REVIEW' }).expect(200);
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(reviewer)).send({ type: 'APPROVE' }).expect(200);
  }

  beforeAll(async () => {
    t = await createTestApp({ database, clock: new FixedClock(new Date('2031-01-15T12:00:00.000Z')) });
    [analyst, reviewer, manager] = await Promise.all(['analyst', 'reviewer', 'manager'].map((u) => t.token(u)));
  });
  afterAll(async () => t?.close());

  it('opens every regime of the catalog for each of its recipients, one case per criterion of each tranche', async () => {
    for (const statute of CATALOG) {
      for (const recipient of statute.recipients) {
        const id = `T-${statute.id}-${recipient.code}`.slice(0, 64);
        const res = await open({ id, statuteId: statute.id, recipient: recipient.code, tranches: bases(statute) }).expect(201);
        expect(res.body.recipient).toEqual(recipient);
        expect(res.body.tranches.map((tr: { code: string }) => tr.code)).toEqual(statute.tranches.map((tr: { code: string }) => tr.code));
        const codes = statute.tranches.flatMap((tr: { criteria: Array<{ code: string }> }) => tr.criteria.map((c) => c.code));
        expect(res.body.cases.map((c: { criterionCode: string }) => c.criterionCode)).toEqual(codes);
        if (!statute.fiscalYears.includes(2030)) expect(res.body.warnings).toHaveLength(1);
      }
    }
  });

  it('refuses a duplicate triple, a missing recipient and a missing base', async () => {
    let res = await open({ id: 'T-DUP', statuteId: 'PL116-94-NT-FY2020', recipient: 'HN', tranches: [{ code: 'A', baseCents: 1 }] }).expect(409);
    expect(res.body.code).toBe('CYCLE_EXISTS');
    res = await open({ id: 'T-NO-RECIPIENT', statuteId: 'PL116-94-NT-FY2020', fiscalYear: 2031, tranches: [{ code: 'A', baseCents: 1 }] }).expect(400);
    expect(res.body.code).toBe('RECIPIENT_REQUIRED');
    res = await open({ id: 'T-NO-BASE', statuteId: 'PL116-94-CO-FY2020', fiscalYear: 2031, tranches: [{ code: 'A', baseCents: 1 }] }).expect(400);
    expect(res.body.code).toBe('BASE_REQUIRED');
  });

  it('computes each tranche: base x percent rounded half up, or the fixed amount', async () => {
    const co = (await t.http.get('/api/cycles/T-PL117-103-CO-FY2022-CO').set(auth(manager)).expect(200)).body;
    expect(co).toMatchObject({ state: 'assessing', withheldPercent: null, appropriatedCents: null, allowedEvents: [], withheldCents: 45_000_000 });
    expect(co.tranches.map((tr: { withheldCents: number }) => tr.withheldCents)).toEqual([20_000_000, 20_000_000, 5_000_000]);
    const eg = (await t.http.get('/api/cycles/T-PL117-103-EG-FY2022-EG').set(auth(manager)).expect(200)).body;
    expect(eg.tranches).toMatchObject([
      { code: 'A', share: { amountCents: 23_500_000_000 }, waiverAvailable: true },
      { code: 'C', share: { amountCents: 8_500_000_000 }, waiverAvailable: false },
    ]);
    const res = await event('T-PL117-103-CO-FY2022-CO', { type: 'PREPARE_MEMO' }).expect(400);
    expect(res.body.code).toBe('TRANCHE_REQUIRED');
  });

  it("waives Egypt's $235M with a justification, refuses a waiver of the $85M, and keeps the $85M withheld", async () => {
    const id = 'T-PL117-103-EG-FY2022-EG';
    const cycle = (await t.http.get(`/api/cycles/${id}`).set(auth(manager)).expect(200)).body;
    for (const [i, c] of cycle.cases.entries()) await approve(c.id, 'not_met', i === 0 ? 'SBU' : undefined);
    await event(id, { type: 'PREPARE_MEMO', tranche: 'A' }).expect(200);
    const memoA = await t.http.get(`/api/cycles/${id}/memo?format=md&tranche=A`).set(auth(manager)).expect(200);
    expect(memoA.text).toContain('Waive the condition');
    let res = await event(id, { type: 'PREPARE_MEMO', tranche: 'C' }).expect(200);
    expect(res.body.tranches.find((tr: { code: string }) => tr.code === 'C').allowedEvents).not.toContain('DECIDE_WAIVE');
    res = await event(id, { type: 'DECIDE_WAIVE', tranche: 'C', comment: 'National security' }).expect(409);
    expect(res.body).toMatchObject({ code: 'EVENT_NOT_ALLOWED', state: 'memoDrafted' });
    res = await event(id, { type: 'DECIDE_WAIVE', tranche: 'A' }).expect(400);
    expect(res.body.code).toBe('COMMENT_REQUIRED');
    res = await event(id, { type: 'DECIDE_WAIVE', tranche: 'A', comment: 'Important to the national security interest of the United States' }).expect(200);
    await event(id, { type: 'DECIDE_WITHHOLD', tranche: 'C', comment: 'The conditions are not met' }).expect(200);
    res = await t.http.get(`/api/cycles/${id}`).set(auth(manager)).expect(200);
    expect(res.body.state).toBe('mixed');
    expect(res.body.tranches).toMatchObject([
      { code: 'A', state: 'waived', decision: { type: 'waive' } },
      { code: 'C', state: 'withheld', decision: { type: 'withhold' } },
    ]);
    const determination = await t.http.get(`/api/cycles/${id}/report?format=md&tranche=A`).set(auth(manager)).expect(200);
    expect(determination.text).toContain('I hereby determine and report that it is important to the national security interest of the United States to waive');
    expect(determination.text).toContain('Important to the national security interest of the United States');
    // The marked item sits in the annex only, not among the unclassified notes.
    const [body, annex] = determination.text.split('## Annex');
    expect(body).not.toContain('U.S. Embassy Cairo');
    expect(annex).toContain('Marked: SBU');
    expectGolden('eg-fy2022-waiver-determination.md', determination.text);
    const determinationHtml = (await t.http.get(`/api/cycles/${id}/report?tranche=A`).set(auth(manager)).expect(200)).text;
    expectGolden('eg-fy2022-waiver-determination.html', determinationHtml);
    expectMarkdownTwin(determinationHtml, determination.text);
  });

  it('refuses a waiver where the statute gives none (NT FY2020)', async () => {
    const id = 'T-PL116-94-NT-FY2020-GT';
    const cycle = (await t.http.get(`/api/cycles/${id}`).set(auth(manager)).expect(200)).body;
    for (const c of cycle.cases) await approve(c.id, 'not_met');
    const memo = await event(id, { type: 'PREPARE_MEMO' }).expect(200);
    expect(memo.body.allowedEvents).not.toContain('DECIDE_WAIVE');
    await event(id, { type: 'DECIDE_WAIVE', comment: 'x' }).expect(409);
  });

  it('reprograms NT FY2020 funds only to the destination the statute fixes', async () => {
    const id = 'T-PL116-94-NT-FY2020-GT';
    let res = await event(id, { type: 'DECIDE_REPROGRAM', destination: 'Peru', amountCents: 50_000_000 }).expect(400);
    expect(res.body.code).toBe('DESTINATION_NOT_PERMITTED');
    res = await event(id, { type: 'DECIDE_REPROGRAM', destination: 'other countries in Latin America and the Caribbean', amountCents: 50_000_000 }).expect(200);
    expect(res.body).toMatchObject({ state: 'reprogrammed', decision: { destination: 'other countries in Latin America and the Caribbean' } });
  });

  it('releases Colombia tranche A while tranche B stays withheld, each with its own memo and report', async () => {
    const id = 'T-PL116-94-CO-FY2020-CO';
    const cycle = (await t.http.get(`/api/cycles/${id}`).set(auth(manager)).expect(200)).body;
    for (const c of cycle.cases) await approve(c.id, c.tranche === 'A' ? 'met' : 'not_met');
    await event(id, { type: 'PREPARE_MEMO', tranche: 'A' }).expect(200);
    await event(id, { type: 'PREPARE_MEMO', tranche: 'B' }).expect(200);
    let res = await event(id, { type: 'DECIDE_RELEASE', tranche: 'B' }).expect(409);
    expect(res.body.code).toBe('FINDINGS_NOT_MET');
    await event(id, { type: 'DECIDE_WITHHOLD', tranche: 'B', comment: 'Human-rights criteria not met' }).expect(200);
    await event(id, { type: 'DECIDE_RELEASE', tranche: 'A' }).expect(200);
    res = await event(id, { type: 'TRANSMIT_REPORT', tranche: 'A' }).expect(200);
    expect(res.body.tranches).toMatchObject([{ code: 'A', state: 'reportTransmitted' }, { code: 'B', state: 'withheld' }]);
    expect(res.body.cases.filter((c: { state: string }) => c.state === 'reported').map((c: { tranche: string }) => c.tranche)).toEqual(['A']);
    const memoB = await t.http.get(`/api/cycles/${id}/memo?format=md&tranche=B`).set(auth(manager)).expect(200);
    expect(memoB.text).toContain('tranche B');
    await t.http.get(`/api/cycles/${id}/report?format=md`).set(auth(manager)).expect(400);
    const reportA = await t.http.get(`/api/cycles/${id}/report?format=md&tranche=A`).set(auth(manager)).expect(200);
    expect(reportA.text).toContain('Transmitted');
    expect(reportA.text).toContain('Pursuant to sec. 7045(b)(2) of Pub. L. 116-94, div. G, I hereby certify and report that—');
    expect(reportA.text).toContain('the Government of Colombia is continuing to implement');
    expectGolden('co-fy2020-a-certification.md', reportA.text);
    const certificationHtml = (await t.http.get(`/api/cycles/${id}/report?tranche=A`).set(auth(manager)).expect(200)).text;
    expectGolden('co-fy2020-a-certification.html', certificationHtml);
    expectMarkdownTwin(certificationHtml, reportA.text);
  });

  it('binds a decision to its memo: a change after the memo is refused with MEMO_STALE', async () => {
    const id = 'T-PL116-94-NT-FY2020-SV';
    const cycle = (await t.http.get(`/api/cycles/${id}`).set(auth(manager)).expect(200)).body;
    for (const c of cycle.cases) await approve(c.id, 'met');
    await event(id, { type: 'PREPARE_MEMO' }).expect(200);
    const caseId = cycle.cases[0].id;
    await t.http.post(`/api/cases/${caseId}/events`).set(auth(manager)).send({ type: 'REOPEN', comment: 'New evidence' }).expect(200);
    await approve(caseId, 'met');
    const res = await event(id, { type: 'DECIDE_RELEASE' }).expect(409);
    expect(res.body.code).toBe('MEMO_STALE');
  });
});
