#!/usr/bin/env node
'use strict';
// Journal at scale, on SQLite, 127.0.0.1 only, bounded in time.
//   npm run build && node bench/journal-1m.js [rows=1000000] [--analyze]
// The fill runs no ANALYZE (pass --analyze to run one): the desk must plan well without fresh
// statistics, as it does after any bulk growth; PREPARE_MEMO, the report and a cycle's history
// are timed before and after the fill and compared.
// 1. starts the built app (dist/) on a fresh SQLite file and measures a case transition;
// 2. appends `rows` valid chained journal rows directly (one transaction, hashes computed
//    with the app's own journalEntryHash from dist/), then measures again:
//    the first write after the fill (the integrator adds the rows to the Merkle tree, as for a
//    journal upgraded in place), verify time (target < 5 s), an inclusion proof over HTTP at
//    that size (target < 5 ms), a filtered history page p99 over 200 requests (target < 50 ms),
//    transition latency at 1M rows vs the small journal (target ratio <= 1.2), and the
//    streamed JSON export (time and peak RSS).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROWS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) || 1_000_000);
const ANALYZE = process.argv.includes('--analyze');
const LIMIT_MS = 15 * 60 * 1000;
const dist = (p) => path.resolve(__dirname, '..', 'dist', p);
if (!fs.existsSync(dist('main.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}
const timer = setTimeout(() => {
  console.error(`bench exceeded ${LIMIT_MS / 60000} minutes; stopping`);
  process.exit(3);
}, LIMIT_MS);
timer.unref();

const Database = require('better-sqlite3');
const { NestFactory } = require('@nestjs/core');
const { AppModule } = require(dist('app.module'));
const { configureApp } = require(dist('app.setup'));
const { loadConfig } = require(dist('config/app-config'));
const { journalEntryHash } = require(dist('audit/journal-hash'));
const { canonicalJson } = require(dist('common/canonical-json'));
const { verifyInclusion } = require(dist('audit/merkle/merkle-tree'));

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (n) => Math.round(n * 100) / 100;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-1m-'));
  const dbPath = path.join(dir, 'desk.sqlite');
  const config = loadConfig({ NODE_ENV: 'development', DATABASE_PATH: dbPath, LOGIN_RATE_LIMIT: '1000', LOGIN_ADDRESS_RATE_LIMIT: '100000', SEED_DEMO: 'true' });
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false, logger: ['error', 'warn'] });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  // The fill leaves the client idle for a while: keep its connection open meanwhile.
  app.getHttpServer().keepAliveTimeout = LIMIT_MS;
  const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  const results = { rows: ROWS };
  try {
    const login = async (username) => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
      return (await res.json()).accessToken;
    };
    const [analyst, auditor, manager] = [await login('analyst'), await login('auditor'), await login('manager')];
    const call = async (token, method, url, body) => {
      const res = await fetch(`${base}${url}`, {
        method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 200)}`);
      return text ? JSON.parse(text) : null;
    };

    // A case that can go back and forth: SUBMIT_FOR_REVIEW then WITHDRAW, both by the analyst.
    const cycle = await call(analyst, 'GET', '/api/cycles/CA-FY2008');
    const caseId = cycle.cases[0].id;
    await call(analyst, 'POST', `/api/cases/${caseId}/evidence`, {
      kind: 'ngo_report', title: 'Bench evidence', source: 'Bench', sourceDate: '2015-01-01', periodStart: '2014-01-01', periodEnd: '2014-12-31',
      summary: 'For the benchmark.', stance: 'context', reliability: 'C', credibility: 3,
    });
    await call(analyst, 'PUT', `/api/cases/${caseId}/proposed-finding`, { rating: 'met', rationale: 'bench', narrative: '' });
    const transitions = async (n) => {
      const times = [];
      for (let i = 0; i < n; i += 1) {
        const t0 = performance.now();
        await call(analyst, 'POST', `/api/cases/${caseId}/events`, { type: i % 2 === 0 ? 'SUBMIT_FOR_REVIEW' : 'WITHDRAW' });
        times.push(performance.now() - t0);
      }
      return times;
    };
    await transitions(40);
    const small = await transitions(300);

    // Documents and a cycle's history: the reads that once scanned the journal without statistics.
    const documents = async () => {
      const timed = async (n, fn) => {
        const times = [];
        for (let i = 0; i < n; i += 1) {
          const t = performance.now();
          await fn();
          times.push(performance.now() - t);
        }
        return round(percentile(times, 50));
      };
      const prepareMs = await timed(1, () => call(manager, 'POST', '/api/cycles/MX-FY2009/events', { type: 'PREPARE_MEMO' }));
      const reportMs = await timed(10, () => fetch(`${base}/api/cycles/MX-FY2009/report?format=html`, { headers: { authorization: `Bearer ${auditor}` } }).then((r) => r.text()));
      const historyMs = await timed(20, () => call(auditor, 'GET', '/api/cycles/MX-FY2009/history'));
      await call(manager, 'POST', '/api/cycles/MX-FY2009/events', { type: 'RETURN_TO_ASSESSMENT', comment: 'bench' });
      return { prepareMemoMs: prepareMs, reportHtmlP50Ms: reportMs, cycleHistoryP50Ms: historyMs };
    };
    const documentsSmall = await documents();
    const smallHead = new Database(dbPath, { readonly: true }).prepare('SELECT seq FROM journal_head').get().seq;

    // Fill: valid chained rows straight into the table, continuing from the head.
    const db = new Database(dbPath);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const t0 = performance.now();
    const head = db.prepare('SELECT seq, hash FROM journal_head WHERE id = 1').get();
    const insert = db.prepare(
      'INSERT INTO journal (seq, at, entity_type, entity_id, cycle_id, case_id, event, from_state, to_state, actor, comment, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
    );
    const caseEvents = ['ADD_EVIDENCE', 'REVISE_EVIDENCE', 'PROPOSE_FINDING', 'SUBMIT_FOR_REVIEW', 'REQUEST_CHANGES', 'WITHDRAW', 'APPROVE', 'REOPEN', 'RETRACT_EVIDENCE'];
    const start = Date.parse('2020-01-01T00:00:00.000Z');
    let seq = Number(head.seq);
    let prevHash = head.hash;
    db.transaction(() => {
      for (let i = 0; i < ROWS; i += 1) {
        seq += 1;
        const kind = i % 20;
        const cycleNo = (i * 7) % 500;
        const cycleId = `BENCH-C${cycleNo}`;
        const caseId = `${cycleId}.CRIT-${i % 8}`;
        const isCase = kind < 17;
        const isCycle = kind === 17 || kind === 18;
        const content = {
          seq,
          at: new Date(start + i * 1000).toISOString(),
          entityType: isCase ? 'case' : isCycle ? 'cycle' : 'user',
          entityId: isCase ? caseId : isCycle ? cycleId : `bench-user-${i % 50}`,
          cycleId: isCase || isCycle ? cycleId : null,
          caseId: isCase ? caseId : null,
          event: isCase ? caseEvents[i % caseEvents.length] : isCycle ? 'PREPARE_MEMO' : 'USER_ROLES_CHANGED',
          fromState: isCase ? 'evidenceGathering' : null,
          toState: isCase ? 'evidenceGathering' : null,
          actor: `bench-user-${i % 50}`,
          comment: i % 10 === 0 ? `Bench comment ${i}, with "quotes"` : null,
          payload: { version: (i % 40) + 1, evidenceId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, revision: (i % 3) + 1, contentHash: 'ab'.repeat(32) },
          prevHash,
        };
        const hash = journalEntryHash(content);
        insert.run(
          content.seq, content.at, content.entityType, content.entityId, content.cycleId, content.caseId, content.event, content.fromState, content.toState,
          content.actor, content.comment, canonicalJson(content.payload), prevHash, hash, // stored as the app stores it
        );
        prevHash = hash;
      }
      db.prepare('UPDATE journal_head SET seq = ?, hash = ? WHERE id = 1').run(seq, prevHash);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    if (ANALYZE) db.exec('ANALYZE');
    db.close();
    results.analyzedAfterFill = ANALYZE;
    results.fillSeconds = round((performance.now() - t0) / 1000);
    // The next write integrates behind the filled rows: the tree over them is built first, once.
    const b0 = performance.now();
    // Two, so that the case is back where the transitions below expect it.
    await transitions(2);
    results.firstWriteAfterFillSeconds = round((performance.now() - b0) / 1000);
    seq += 2;
    results.journalRows = seq;

    // Verify the whole chain through the API.
    const verifyTimes = [];
    let verdict;
    for (let i = 0; i < 2; i += 1) {
      const v0 = performance.now();
      verdict = await call(auditor, 'GET', '/api/audit/verify');
      verifyTimes.push(performance.now() - v0);
      if (!verdict.ok || verdict.checked !== seq) throw new Error(`verify failed: ${JSON.stringify(verdict).slice(0, 2000)}`);
    }
    results.verifySeconds = verifyTimes.map((ms) => round(ms / 1000));

    // Inclusion proofs from the stored nodes, random rows, at the full size.
    const proofTimes = [];
    for (let i = 0; i < 220; i += 1) {
      const row = 1 + ((i * 7919 * 104729) % seq);
      const p0 = performance.now();
      const proof = await call(auditor, 'GET', `/api/audit/proof/inclusion?seq=${row}&size=${seq}`);
      if (i >= 20) proofTimes.push(performance.now() - p0);
      // Checked against the root verify rebuilt from the rows (a proof near the tree's right edge is legitimately short).
      const b64 = (text) => Buffer.from(text, 'base64');
      if (proof.root !== verdict.root || !verifyInclusion(row - 1, seq, b64(proof.leafHash), proof.proof.map(b64), b64(verdict.root))) {
        throw new Error(`inclusion proof of row ${row} does not verify`);
      }
    }
    results.inclusionProofMs = { p50: round(percentile(proofTimes, 50)), p99: round(percentile(proofTimes, 99)) };

    // Filtered history pages.
    const filters = [
      (i) => `entity=case&entityId=BENCH-C${(i * 13) % 500}.CRIT-${i % 8}&pageSize=50`,
      (i) => `actor=bench-user-${i % 50}&event=${caseEvents[i % caseEvents.length]}&pageSize=50&order=desc`,
      (i) => `entity=cycle&page=${(i % 20) + 1}&pageSize=50`,
      (i) => `actor=bench-user-${i % 50}&from=2020-06-01T00:00:00Z&to=2020-07-01T00:00:00Z&pageSize=50`,
    ];
    for (let i = 0; i < 20; i += 1) await call(auditor, 'GET', `/api/history?${filters[i % filters.length](i)}`);
    const pageTimes = [];
    const perFilter = filters.map(() => []);
    for (let i = 0; i < 200; i += 1) {
      const f = i % filters.length;
      const p0 = performance.now();
      const page = await call(auditor, 'GET', `/api/history?${filters[f](i)}`);
      const ms = performance.now() - p0;
      if (!Array.isArray(page.items)) throw new Error('bad history page');
      pageTimes.push(ms);
      perFilter[f].push(ms);
    }
    results.historyPageMs = { p50: round(percentile(pageTimes, 50)), p99: round(percentile(pageTimes, 99)), perFilterP99: perFilter.map((t) => round(percentile(t, 99))) };

    const documentsLarge = await documents();
    results.documentsAndCycleHistory = {
      smallJournal: documentsSmall,
      largeJournal: documentsLarge,
      ratios: Object.fromEntries(Object.keys(documentsSmall).map((k) => [k, round(documentsLarge[k] / documentsSmall[k])])),
    };

    // Reconciliation over the whole journal (the filled rows name records that have no live rows: they are reported, capped).
    const r0 = performance.now();
    const reconciled = await call(auditor, 'GET', '/api/audit/reconcile');
    results.reconcile = { seconds: round((performance.now() - r0) / 1000), journalSeq: reconciled.journalSeq, mismatchesTotal: reconciled.total };

    // Transitions again, now behind a million rows.
    await transitions(40);
    const large = await transitions(300);
    results.transitionMs = {
      smallJournal: { rows: smallHead, p50: round(percentile(small, 50)), p90: round(percentile(small, 90)) },
      largeJournal: { rows: seq, p50: round(percentile(large, 50)), p90: round(percentile(large, 90)) },
      ratioP50: round(percentile(large, 50) / percentile(small, 50)),
    };

    // Streamed export: time and peak RSS of this process (server and client share it).
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const e0 = performance.now();
    const res = await fetch(`${base}/api/audit/export?format=json`, { headers: { authorization: `Bearer ${auditor}` } });
    let bytes = 0;
    for await (const chunk of res.body) bytes += chunk.length;
    clearInterval(sampler);
    results.exportJson = { seconds: round((performance.now() - e0) / 1000), megabytes: round(bytes / 1e6), rssBeforeMb: round(rssBefore / 1e6), peakRssMb: round(peak / 1e6) };

    results.targets = {
      verifyUnder5s: Math.min(...verifyTimes) < 5000,
      inclusionProofUnder5ms: results.inclusionProofMs.p50 < 5,
      historyP99Under50ms: results.historyPageMs.p99 < 50,
      transitionRatioAtMost1_2: results.transitionMs.ratioP50 <= 1.2,
    };
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
