import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckpointService, CHECKPOINT_FILE } from '../src/audit/checkpoint/checkpoint.service';
import { ATTACKS, ExportRow, writeJournal } from './support/journal-attacks';
import { createTestApp, TestApp, testDatabases } from './support/test-app';

// The attacks a chain-only verification passed, on a copy of the database whose attacker
// knows the formats and recomputes hashes, tree nodes and head, but holds neither the
// signing key nor the published checkpoints.
describe.each(testDatabases())('journal attacks (%s)', (database) => {
  let t: TestApp;
  let auditor: string;
  let original: ExportRow[];
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const verify = async () => (await t.http.get('/api/audit/verify').set(auth(auditor)).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ database });
    auditor = await t.token('auditor');
    const checkpoints = t.app.get(CheckpointService);
    // The first integration at start published an older checkpoint; this one is at the head.
    await checkpoints.publish();
    original = JSON.parse((await t.http.get('/api/audit/export').set(auth(auditor)).expect(200)).text);
  });
  afterAll(async () => t?.close());

  it('verifies the intact journal against the kept checkpoints', async () => {
    const result = await verify();
    expect(result).toMatchObject({ ok: true, broken: [], headSeq: original.length, headHash: original[original.length - 1].hash, signedHead: { ok: true }, tree: { ok: true } });
    expect(result.checkpoint).toMatchObject({ size: original.length, source: expect.stringMatching(/^checkpoints\.txt#\d+$/) });
    expect(result.checkpoints).toMatchObject({ contradicted: [] });
    expect(result.checkpoints.kept).toBeGreaterThanOrEqual(2);
    expect(fs.readFileSync(path.join(t.config.journal.checkpointDir, CHECKPOINT_FILE), 'utf8')).toContain(`\n${original.length}\n`);
  });

  it('verifies incrementally from the last checkpoint that verified, and streams progress', async () => {
    await verify();
    const incremental = (await t.http.get('/api/audit/verify').query({ from: 'checkpoint' }).set(auth(auditor)).expect(200)).body;
    expect(incremental).toMatchObject({ ok: true, from: { size: original.length }, headSeq: original.length, signedHead: { ok: true } });
    const streamed = await t.http.get('/api/audit/verify/stream').set(auth(auditor)).expect(200).expect('content-type', /ndjson/);
    const lines = streamed.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ progress: { seq: 0, of: original.length } });
    expect(lines[lines.length - 2]).toEqual({ progress: { seq: original.length, of: original.length } });
    expect(lines[lines.length - 1]).toMatchObject({ result: { ok: true, headSeq: original.length } });
  });

  it.each(ATTACKS)('detects: %s', async (name, attack) => {
    await writeJournal(t, attack(original));
    const result = await verify();
    expect(result.ok).toBe(false);
    // The chain alone looks intact: every link and hash was recomputed.
    expect(result.broken).toEqual([]);
    if (name.startsWith('append')) {
      // Behind the newest checkpoint nothing changed; the head's signature is what the attacker cannot forge.
      expect(result.signedHead).toMatchObject({ ok: false, reason: expect.stringContaining('without the journal key') });
    } else {
      expect(result.checkpoints.contradicted).toEqual(expect.arrayContaining([
        expect.objectContaining({ source: expect.stringMatching(/^checkpoints\.txt#\d+$/), size: original.length, reason: expect.stringMatching(/cut|changed after it was published/) }),
      ]));
    }
    await writeJournal(t, original);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
