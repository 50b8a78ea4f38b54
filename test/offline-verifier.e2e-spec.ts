import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CheckpointService } from '../src/audit/checkpoint/checkpoint.service';
import { ATTACKS, ExportRow } from './support/journal-attacks';
import { createTestApp, evidenceBody, TestApp, testDatabases } from './support/test-app';

const SCRIPT = path.resolve(__dirname, '..', 'scripts', 'verify-export.js');

// scripts/verify-export.js checks an export against a kept checkpoint without the desk: the
// same five attacks on an exported copy, and an inclusion proof for one row.
describe.each(testDatabases())('offline verifier (%s)', (database) => {
  let t: TestApp;
  let dir: string;
  let rows: ExportRow[];
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const file = (name: string, content: string) => {
    const at = path.join(dir, name);
    fs.writeFileSync(at, content);
    return at;
  };
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
    return { code: result.status, report: result.stdout ? JSON.parse(result.stdout) : null, stderr: result.stderr };
  };

  beforeAll(async () => {
    t = await createTestApp({ database });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-verifier-'));
    const [auditor, analyst] = await Promise.all([t.token('auditor'), t.token('analyst')]);
    const older = (await t.http.get('/api/audit/checkpoint').set(auth(auditor)).expect(200)).body;
    file('older.txt', older.note);
    await t.http.post('/api/cases/CA-FY2008.CA-FY08-JUDICIARY/evidence').set(auth(analyst)).send(evidenceBody()).expect(201);
    await t.app.get(CheckpointService).publish();
    const current = (await t.http.get('/api/audit/checkpoint').set(auth(auditor)).expect(200)).body;
    expect(current.size).toBeGreaterThan(older.size);
    file('checkpoint.txt', current.note);
    file('key.txt', (await t.http.get('/api/audit/public-key').set(auth(auditor)).expect(200)).body.key);
    const exported = (await t.http.get('/api/audit/export').set(auth(auditor)).expect(200)).text;
    rows = JSON.parse(exported);
    expect(rows).toHaveLength(current.size);
    file('journal.json', exported);
    const proof = (await t.http.get('/api/audit/proof/inclusion').query({ seq: 3, size: current.size }).set(auth(auditor)).expect(200)).body;
    file('proof.json', JSON.stringify(proof));
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const args = (journal = path.join(dir, 'journal.json')) => [journal, '--checkpoint', path.join(dir, 'checkpoint.txt'), '--key', path.join(dir, 'key.txt'), '--older', path.join(dir, 'older.txt')];

  it('accepts the real export, its checkpoint, the older checkpoint and an inclusion proof', () => {
    const { code, report } = run(...args(), '--row', '3', '--proof', path.join(dir, 'proof.json'));
    expect(report).toMatchObject({ ok: true, failures: [], checkpoint: { size: rows.length }, inclusion: { seq: 3, ok: true } });
    expect(code).toBe(0);
  });

  it('refuses an inclusion proof for another row, or a tampered one', () => {
    expect(run(...args(), '--row', '4', '--proof', path.join(dir, 'proof.json')).code).toBe(1);
    const proof = JSON.parse(fs.readFileSync(path.join(dir, 'proof.json'), 'utf8'));
    proof.proof[0] = Buffer.alloc(32, 7).toString('base64');
    expect(run(...args(), '--row', '3', '--proof', file('bad-proof.json', JSON.stringify(proof))).report).toMatchObject({ ok: false, inclusion: { ok: false } });
  });

  it('refuses a checkpoint signed by another key or altered', () => {
    const note = fs.readFileSync(path.join(dir, 'checkpoint.txt'), 'utf8');
    const altered = note.replace(/\n(\d+)\n/, (_m, size) => `\n${Number(size) - 1}\n`);
    const { report } = run(path.join(dir, 'journal.json'), '--checkpoint', file('altered.txt', altered), '--key', path.join(dir, 'key.txt'));
    expect(report.failures).toEqual([expect.stringContaining('signature does not verify')]);
  });

  it.each(ATTACKS)('detects: %s', (_name, attack) => {
    const { code, report } = run(...args(file('forged.json', JSON.stringify(attack(rows)))));
    expect(code).toBe(1);
    // The forged chain is internally consistent; only the checkpoints give it away.
    expect(report).toMatchObject({ ok: false, firstBrokenSeq: null });
    expect(report.failures.join('; ')).toMatch(/checkpoint|cut|changed/);
  });

  it('says how it is used', () => {
    expect(run('--row', '3').code).toBe(2);
    expect(run(path.join(dir, 'journal.json'), '--row', '3').stderr).toContain('--row and --proof go together');
  });
});
