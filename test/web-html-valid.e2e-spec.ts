import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { createTestApp, evidenceBody, TestApp } from './support/test-app';
import { signInToPages } from './support/web-session';

// Every page of the desk through the W3C Nu HTML checker (vnu-jar, run once on all pages).
// Rendering does not depend on the database: SQLite only.

const VNU = require.resolve('vnu-jar/build/dist/vnu.jar');
const run = promisify(execFile);

describe('HTML of every page passes the Nu checker', () => {
  let t: TestApp;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-html-'));

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const signedIn = (username: string) => signInToPages(t, username);

  it('finds no error on any page', async () => {
    const pages: Record<string, string> = {};
    const anonymous = request(t.app.getHttpServer());
    pages.login = (await anonymous.get('/login')).text;
    pages['reset-password'] = (await anonymous.get('/reset-password?token=x')).text;
    pages['not-found'] = (await anonymous.get('/no-such-page')).text;
    const analyst = await signedIn('analyst');
    pages['my-work-analyst'] = (await analyst.agent.get('/')).text;
    pages.inbox = (await analyst.agent.get('/inbox')).text;
    pages.case = (await analyst.agent.get('/cases/CA-FY2008.CA-FY08-PROSECUTE')).text;
    pages.forbidden = (await analyst.agent.get('/audit')).text;
    // Refused forms: fields marked, and a version clash side by side.
    pages['case-refused'] = (await analyst.agent.post('/cases/CA-FY2008.CA-FY08-PROSECUTE/evidence').type('form').send({ _csrf: analyst.csrf, kind: 'ngo_report', title: '' })).text;
    const loaded = /name="expectedVersion" value="(\d+)"/.exec(pages.case)![1];
    const finding = { _csrf: analyst.csrf, rating: 'met', rationale: 'Convictions', narrative: '', expectedVersion: loaded };
    await analyst.agent.post('/cases/CA-FY2008.CA-FY08-PROSECUTE/proposed-finding').type('form').send(finding).expect(303);
    pages['case-clash'] = (await analyst.agent.post('/cases/CA-FY2008.CA-FY08-PROSECUTE/proposed-finding').type('form').send({ ...finding, rationale: 'Two convictions' })).text;
    expect(pages['case-clash']).toContain('Someone else saved this first');
    const manager = await signedIn('manager');
    pages['my-work-manager'] = (await manager.agent.get('/')).text;
    pages.cycles = (await manager.agent.get('/cycles')).text;
    pages['case-manager'] = (await manager.agent.get('/cases/CA-FY2008.CA-FY08-POLICE-COMPLAINTS')).text;
    await manager.agent.post('/cycles/MX-FY2014/events').type('form').send({ _csrf: manager.csrf, type: 'PREPARE_MEMO' }).expect(303);
    pages.cycle = (await manager.agent.get('/cycles/MX-FY2014')).text;
    pages.memo = (await manager.agent.get('/cycles/MX-FY2014/memo')).text;
    pages.confirm = (await manager.agent.post('/cycles/MX-FY2014/confirm').type('form').send({ _csrf: manager.csrf, type: 'DECIDE_REPROGRAM', destination: 'Peru', amount: '5,000,000' })).text;
    pages.audit = (await manager.agent.get('/audit?order=desc')).text;
    pages['audit-as-of'] = (await manager.agent.get(`/audit?asOfEntity=cycle&asOfId=MX-FY2014&asOf=${encodeURIComponent(new Date().toISOString())}`)).text;
    pages['audit-bad-filter'] = (await manager.agent.get('/audit?from=yesterday&asOfId=MX-FY2014&asOf=never')).text;
    pages['cycle-refused'] = (await manager.agent.post('/cycles/MX-FY2014/confirm').type('form').send({ _csrf: manager.csrf, type: 'DECIDE_REPROGRAM', destination: 'Peru', amount: 'five' })).text;
    expect(pages['cycle-refused']).toContain('aria-invalid="true"');
    const bearer = { Authorization: `Bearer ${await t.token('analyst')}` };
    const added = await t.http.post('/api/cases/CA-FY2008.CA-FY08-PROSECUTE/evidence').set(bearer).send(evidenceBody()).expect(201);
    await t.http.put(`/api/evidence/${added.body.id}`).set(bearer).send(evidenceBody({ title: 'Report on detention practices, revised' })).expect(200);
    pages['audit-compare'] = (await manager.agent.get(`/audit/evidence/${added.body.id}/compare`)).text;
    const admin = await signedIn('admin');
    pages.users = (await admin.agent.get('/admin/users')).text;
    const files = Object.entries(pages).map(([name, html]) => {
      expect(html).toContain('<!doctype html>');
      const file = path.join(dir, `${name}.html`);
      fs.writeFileSync(file, html);
      return file;
    });
    const result = await run('java', ['-jar', VNU, '--errors-only', '--format', 'json', ...files]).catch((error: { stdout: string; stderr: string }) => error);
    const report = JSON.parse(result.stderr || '{"messages":[]}') as { messages: Array<{ url: string; message: string; lastLine?: number }> };
    expect(report.messages.map((m) => `${path.basename(m.url)}:${m.lastLine}: ${m.message}`)).toEqual([]);
  }, 120_000);
});
