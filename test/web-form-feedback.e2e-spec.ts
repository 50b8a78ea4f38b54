import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';
import { signInToPages } from './support/web-session';

// What a refused form shows, on both databases: each field's message beside the field and a
// summary linking to it; a version clash as both texts side by side with the three ways on;
// and the audit page's record tools (a record as it stood, two revisions compared).
describe.each(testDatabases())('form feedback and audit record tools (%s)', (database) => {
  let t: TestApp;
  const caseId = 'CA-FY2008.CA-FY08-POLICE-COMPLAINTS';

  beforeAll(async () => {
    t = await createTestApp({ database });
  });
  afterAll(async () => t?.close());

  const signIn = (username: string) => signInToPages(t, username, `/cases/${caseId}`);
  const api = async (who: string) => ({ Authorization: `Bearer ${await t.token(who)}` });
  const caseVersion = async () => (await t.http.get(`/api/cases/${caseId}`).set(await api('auditor')).expect(200)).body.version as number;
  const form = { ...evidenceBody(), credibility: '2', sensitivity: '' };
  // Handlebars escapes '=', quotes and '&'; text is compared as the browser reads it.
  const unescaped = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');

  it('marks each refused field, links to it from the summary, and keeps the other fields as typed', async () => {
    const { agent, csrf } = await signIn('analyst');
    const before = (await t.http.get(`/api/cases/${caseId}/evidence`).set(await api('auditor')).expect(200)).body.length;
    const res = await agent.post(`/cases/${caseId}/evidence`).type('form').send({ ...form, title: '', credibility: '9', _csrf: csrf }).expect(400);
    expect(res.text).toContain('<a href="#title">Title must not be blank.</a>');
    expect(res.text).toMatch(/<a href="#credibility">Credibility must not be greater than 6\.<\/a>/);
    expect(res.text).toContain('<p class="field-error" id="title-error">Title must not be blank.</p>');
    expect(res.text).toMatch(/id="title" name="title" aria-invalid="true" aria-describedby="title-error"/);
    expect(res.text).toMatch(/id="credibility" name="credibility" aria-invalid="true" aria-describedby="credibility-error"/);
    // Fields that were fine carry no mark, and keep what was typed.
    expect(res.text).not.toMatch(/id="source" name="source" aria-invalid/);
    expect(res.text).toContain(`value="${form.source}"`);
    expect((await t.http.get(`/api/cases/${caseId}/evidence`).set(await api('auditor')).expect(200)).body).toHaveLength(before);
  });

  it('shows a finding clash side by side; keep mine saves over the current version only when chosen', async () => {
    const { agent, csrf } = await signIn('analyst');
    const loaded = await caseVersion();
    // Someone else saves first.
    await t.http.put(`/api/cases/${caseId}/proposed-finding`).set(await api('analyst')).send({ rating: 'not_met', rationale: 'Complaints go unanswered', narrative: 'Theirs' }).expect(200);
    const current = await caseVersion();
    const clash = await agent.post(`/cases/${caseId}/proposed-finding`).type('form')
      .send({ _csrf: csrf, rating: 'met', rationale: 'Complaints are answered within a month', narrative: 'Mine', expectedVersion: String(loaded) }).expect(409);
    expect(clash.text).toContain('Someone else saved this first');
    expect(clash.text).toContain('Complaints go unanswered');
    expect(clash.text).toContain('Complaints are answered within a month');
    // The changed words are marked on each side.
    expect(clash.text).toMatch(/<del>go unanswered<\/del>/);
    expect(clash.text).toMatch(/<ins>are answered within a month<\/ins>/);
    expect(clash.text).toContain(`<input type="hidden" name="expectedVersion" value="${current}">`);
    expect(clash.text).toContain('Keep theirs: drop my text');
    expect(clash.text).toContain('href="#finding-form"');
    // Nothing was saved by the clash.
    const saved = (await t.http.get(`/api/cases/${caseId}`).set(await api('auditor')).expect(200)).body;
    expect(saved.proposedFinding).toMatchObject({ rating: 'not_met', narrative: 'Theirs' });
    expect(saved.version).toBe(current);
    // Keep mine: the hidden form of the clash.
    const keep = /<form method="post" action="\/cases\/[^"]+\/proposed-finding" class="form-inline">([\s\S]*?)<\/form>/.exec(clash.text)![1];
    const fields = Object.fromEntries([...keep.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    expect(fields).toMatchObject({ rating: 'met', narrative: 'Mine', expectedVersion: String(current) });
    await agent.post(`/cases/${caseId}/proposed-finding`).type('form').send(fields).expect(303);
    expect((await t.http.get(`/api/cases/${caseId}`).set(await api('auditor')).expect(200)).body.proposedFinding).toMatchObject({ rating: 'met', narrative: 'Mine' });
  });

  it('shows an evidence clash beside the revise form, and compares revisions on the audit page', async () => {
    const added = await t.http.post(`/api/cases/${caseId}/evidence`).set(await api('analyst')).send(evidenceBody({ title: 'Ombudsman annual report' })).expect(201);
    const id = added.body.id as string;
    await t.http.put(`/api/evidence/${id}`).set(await api('analyst')).send(evidenceBody({ title: 'Ombudsman annual report, second edition', summary: 'Lists 40 complaints.' })).expect(200);
    const { agent, csrf } = await signIn('analyst');
    const stale = await agent.post(`/cases/${caseId}/evidence/${id}/revise`).type('form')
      .send({ ...form, title: 'Ombudsman report, corrected', baseRevision: '1', _csrf: csrf }).expect(409);
    expect(stale.text).toContain('Someone else saved this first');
    expect(stale.text).toContain('Saved: revision 2 by analyst');
    expect(stale.text).toContain('Keep mine: save my text as revision 3');
    expect(stale.text).toContain(`href="#revise-form-${id}"`);

    const manager = await signIn('manager');
    const compare = await manager.agent.get(`/audit/evidence/${id}/compare`).expect(200);
    expect(compare.text).toContain('Revision 1, by analyst');
    expect(compare.text).toContain('Revision 2, by analyst');
    expect(compare.text).toMatch(/Ombudsman annual report<ins>, second edition<\/ins>/);
    expect(compare.text).toContain('<del>Documents the transfer of detainees</del>.');
    expect(compare.text).toMatch(/2 of 11 fields changed/);
    // The journal's revision entry links to the comparison.
    const journal = await manager.agent.get(`/audit?entity=case&entityId=${encodeURIComponent(caseId)}&event=REVISE_EVIDENCE`).expect(200);
    expect(unescaped(journal.text)).toContain(`/audit/evidence/${id}/compare?from=1&to=2`);
    await manager.agent.get('/audit/evidence/not-an-id/compare').expect(404);
    await manager.agent.get('/audit/evidence/00000000-0000-4000-8000-000000000000/compare').expect(404);
    // Audit pages are for auditors and managers.
    const analyst = await signIn('analyst');
    await analyst.agent.get(`/audit/evidence/${id}/compare`).expect(403);
  });

  it('shows a record as it stood at an instant, and explains a bad one beside the form', async () => {
    const { agent } = await signIn('auditor');
    const before = '2000-01-01T00:00:00Z';
    const now = new Date().toISOString();
    const shown = await agent.get(`/audit?asOfEntity=cycle&asOfId=CA-FY2008&asOf=${encodeURIComponent(now)}`).expect(200);
    expect(shown.text).toContain('Cycle CA-FY2008');
    expect(shown.text).toMatch(/after journal entry #\d+/);
    expect(unescaped(shown.text)).toContain(`asOfId=${encodeURIComponent(caseId)}`);
    const asCase = await agent.get(`/audit?asOfEntity=case&asOfId=${encodeURIComponent(caseId)}&asOf=${encodeURIComponent(now)}`).expect(200);
    expect(asCase.text).toContain('Evidence then');
    expect(asCase.text).toContain('Ombudsman annual report, second edition');
    const notYet = await agent.get(`/audit?asOfEntity=cycle&asOfId=CA-FY2008&asOf=${before}`).expect(200);
    expect(unescaped(notYet.text)).toContain(`No cycle with id 'CA-FY2008' existed at`);
    const bad = await agent.get('/audit?asOfEntity=cycle&asOfId=CA-FY2008&asOf=yesterday').expect(200);
    expect(bad.text).toMatch(/id="as-of-error"/);
    expect(bad.text).toContain('value="yesterday"');
    // The journal below is still there.
    expect(bad.text).toContain('Journal entries');
  });

  it('pages the evidence of a case as it stood, 50 items at a time, with links to the next and previous items', async () => {
    const paged = 'CA-FY2008.CA-FY08-JUDICIARY';
    const analyst = await api('analyst');
    const existing = (await t.http.get(`/api/cases/${paged}/evidence`).set(analyst).expect(200)).body.length as number;
    for (let n = existing; n < 53; n += 1) await t.http.post(`/api/cases/${paged}/evidence`).set(analyst).send(evidenceBody({ title: `Item number ${n}` })).expect(201);
    const total = Math.max(existing, 53);
    const { agent } = await signIn('auditor');
    const now = encodeURIComponent(new Date().toISOString());
    const first = await agent.get(`/audit?actor=analyst&asOfEntity=case&asOfId=${paged}&asOf=${now}`).expect(200);
    expect(first.text).toContain(`Items 1–50 of ${total}`);
    const more = unescaped(/<a href="([^"]+)">More items<\/a>/.exec(first.text)?.[1] ?? '');
    // The journal filter stays with the link.
    expect(more).toContain('actor=analyst');
    const second = await agent.get(more).expect(200);
    expect(second.text).toContain(`Items 51–${total} of ${total}`);
    expect(second.text).toContain('Previous items');
    expect(second.text).not.toContain('More items');
  });
});
