#!/usr/bin/env node
'use strict';
// Journal verification on PostgreSQL: appends `rows` valid chained rows (default 200,000) to
// a fresh database behind the built desk, then times GET /api/audit/verify. 127.0.0.1 only.
//   npm run build && node bench/journal-verify-pg.js [rows] (PG_URL, default postgres://postgres@127.0.0.1:5432/test)
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');
const { startServer, api, login } = require('./support');

const ROWS = Number(process.argv[2] || 200_000);
const ADMIN_URL = process.env.PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const dist = (p) => path.resolve(__dirname, '..', 'dist', p);
const { journalEntryHash } = require(dist('audit/journal-hash'));
const { canonicalJson } = require(dist('common/canonical-json'));
setTimeout(() => { console.error('bench exceeded 10 minutes; stopping'); process.exit(3); }, 10 * 60_000).unref();

async function main() {
  const name = `cd_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  // A checkpoint directory of its own: checkpoints of an earlier run's database contradict this one.
  const checkpointDir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-verify-pg-'));
  const server = await startServer({ env: { DATABASE_URL: url.toString(), CHECKPOINT_DIR: checkpointDir } });
  const db = new Client({ connectionString: url.toString() });
  try {
    await db.connect();
    const [head] = (await db.query('SELECT seq, hash FROM journal_head WHERE id = 1')).rows;
    let seq = Number(head.seq);
    let prevHash = head.hash;
    const fillStart = Date.now();
    await db.query('BEGIN');
    for (let done = 0; done < ROWS; ) {
      const values = [];
      const tuples = [];
      for (let k = 0; k < 1000 && done < ROWS; k++, done++) {
        seq += 1;
        const content = {
          seq, at: new Date(Date.parse('2020-01-01T00:00:00Z') + done * 1000).toISOString(), entityType: 'case', entityId: `B.C-${done % 8}`,
          cycleId: 'B', caseId: `B.C-${done % 8}`, event: 'ADD_EVIDENCE', fromState: 'evidenceGathering', toState: 'evidenceGathering',
          actor: `bench-user-${done % 50}`, comment: done % 10 === 0 ? `Bench comment ${done}, with "quotes"` : null,
          payload: { version: (done % 40) + 1, revision: (done % 3) + 1, contentHash: 'ab'.repeat(32) }, prevHash,
        };
        const hash = journalEntryHash(content);
        const base = values.length;
        values.push(content.seq, content.at, content.entityType, content.entityId, content.cycleId, content.caseId, content.event, content.fromState, content.toState, content.actor, content.comment, canonicalJson(content.payload), prevHash, hash);
        tuples.push(`(${Array.from({ length: 14 }, (_, i) => `$${base + i + 1}`).join(',')})`);
        prevHash = hash;
      }
      await db.query(`INSERT INTO journal (seq, at, entity_type, entity_id, cycle_id, case_id, event, from_state, to_state, actor, comment, payload, prev_hash, hash) VALUES ${tuples.join(',')}`, values);
    }
    await db.query('UPDATE journal_head SET seq = $1, hash = $2 WHERE id = 1', [seq, prevHash]);
    await db.query('COMMIT');
    const fillSeconds = (Date.now() - fillStart) / 1000;
    // The next write integrates behind the filled rows: the Merkle tree over them is built first, once.
    const analyst = await login(server.base, 'analyst');
    const w0 = Date.now();
    await api(server.base, 'POST', '/api/cases/CA-FY2008.CA-FY08-JUDICIARY/evidence', analyst, {
      kind: 'ngo_report', title: 'Bench evidence', source: 'Bench', sourceDate: '2015-01-01', periodStart: '2014-01-01', periodEnd: '2014-12-31',
      summary: 'For the benchmark.', stance: 'context', reliability: 'C', credibility: 3,
    });
    const firstWriteAfterFillSeconds = (Date.now() - w0) / 1000;
    const auditor = await login(server.base, 'auditor');
    const timings = [];
    let result;
    for (let i = 0; i < 2; i++) {
      const t0 = Date.now();
      result = await api(server.base, 'GET', '/api/audit/verify', auditor);
      timings.push((Date.now() - t0) / 1000);
    }
    console.log(JSON.stringify({ database: 'postgres', rows: ROWS, fillSeconds, firstWriteAfterFillSeconds, verify: { ...result, broken: result.broken.slice(0, 3) }, verifySeconds: timings, microsecondsPerRow: Math.round((Math.min(...timings) * 1e6) / result.checked) }, null, 2));
    if (!result.ok) process.exitCode = 1;
  } finally {
    await db.end().catch(() => undefined);
    await server.stop();
    fs.rmSync(checkpointDir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
