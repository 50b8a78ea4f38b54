// Authenticated case reads per second vs durable transitions per second (SUBMIT_FOR_REVIEW /
// WITHDRAW alternating over many cases), 10 clients each, in one run on one server. On PostgreSQL
// also: the wait events of the desk's backends during the transitions (bench/pg-waits.js), and the
// transitions again with a second desk process on the same database, 5 clients on each.
// Usage: npm run build && node bench/transitions-vs-reads.js [--seconds 10] [--cases 160]
const autocannon = require('autocannon');
const { startServer, startReference, api, login, database } = require('./support');
const { measured, perRequest, countersPerRequest, printWaits, printCpu, printCounters, loadavg } = require('./pg-waits');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 10);
const CONNECTIONS = 10;
const CASES = arg('cases', 160);

function run(opts) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, duration: SECONDS, pipelining: 1, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

async function prepareCases(base, manager, analyst) {
  const statutes = ['PL111-8-MX', 'PL113-76-MX', 'PL110-252-CA'];
  // The Central America provision names nine governments: the cycle names one.
  const recipients = { 'PL110-252-CA': 'GT' };
  const ids = [];
  for (let year = 1990; ids.length < CASES; year++) {
    for (const statuteId of statutes) {
      if (ids.length >= CASES) break;
      const cycle = await api(base, 'POST', '/api/cycles', manager, {
        id: `BENCH-${statuteId}-${year}`, statuteId, fiscalYear: year, recipient: recipients[statuteId], appropriatedCents: 100_000_000, obligationDeadline: `${year + 1}-09-30`,
      });
      ids.push(...cycle.cases.map((c) => c.id));
    }
  }
  const cases = ids.slice(0, CASES);
  for (const id of cases) {
    await api(base, 'POST', `/api/cases/${id}/evidence`, analyst, {
      kind: 'ngo_report', title: 'Bench item', source: 'Bench', sourceDate: '2015-01-01', periodStart: '2014-01-01', periodEnd: '2014-12-31', summary: 's', stance: 'context', reliability: 'C', credibility: 3,
    });
    await api(base, 'PUT', `/api/cases/${id}/proposed-finding`, analyst, { rating: 'met', rationale: 'r', narrative: 'n' });
  }
  return cases;
}

function summary(name, result) {
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * Alternating transitions over `cases`, `connections` clients each on its own slice; `first(id)`
 * is the event a case takes first (the phase starts from the state the case is in).
 */
function transitions(base, cases, paths, headers, connections = CONNECTIONS, first = () => 'SUBMIT_FOR_REVIEW', seconds = SECONDS) {
  let clientNo = 0;
  return run({
    url: base,
    connections,
    duration: seconds,
    setupClient: (client) => {
      const own = cases.filter((_, i) => i % connections === clientNo);
      clientNo++;
      const state = own.map(first);
      let i = 0;
      client.setRequests([
        {
          method: 'POST',
          headers,
          setupRequest: (req) => {
            const k = i++ % own.length;
            const type = state[k];
            state[k] = type === 'SUBMIT_FOR_REVIEW' ? 'WITHDRAW' : 'SUBMIT_FOR_REVIEW';
            return { ...req, path: paths.write(own[k]), body: JSON.stringify({ type }) };
          },
        },
      ]);
    },
  });
}

/** Reads, then alternating transitions, over `cases`, each client on its own slice; `around` wraps the transitions. */
async function phases(base, cases, paths, headers, around = (go) => go()) {
  let next = 0;
  // BENCH_ONLY=writes skips the read phase (for profiling the write path alone).
  const reads = process.env.BENCH_ONLY === 'writes' ? { requests: { average: 1, total: 0 }, latency: {}, non2xx: 0, errors: 0 } : await run({
    url: base,
    requests: [{ method: 'GET', headers, setupRequest: (req) => ({ ...req, path: paths.read(cases[next++ % cases.length]) }) }],
  });
  const writes = await around(() => transitions(base, cases, paths, headers));
  return { reads, writes };
}

const DESK_PATHS = { read: (id) => `/api/cases/${id}`, write: (id) => `/api/cases/${id}/events` };
const bearer = (token) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

/**
 * PostgreSQL: a second desk process on the first one's database, and the transitions again with
 * half the clients on each, each process over its own half of the cases (no case shared).
 */
async function twoProcesses(first, cases) {
  const second = await startServer({ databaseUrl: first.databaseUrl });
  try {
    const servers = [first, second];
    // Each process has its own token secret: a token from each.
    const tokens = await Promise.all(servers.map((s) => login(s.base, 'analyst')));
    const halves = servers.map((_, k) => cases.filter((_, i) => i % servers.length === k));
    // Each case continues from the state the previous phase left it in.
    const nextEvents = async () => {
      const next = new Map();
      for (const id of cases) {
        const { state } = await api(first.base, 'GET', `/api/cases/${id}`, tokens[0]);
        if (state !== 'inReview' && state !== 'evidenceGathering') throw new Error(`case ${id} is in ${state}, not in the review loop`);
        next.set(id, state === 'inReview' ? 'WITHDRAW' : 'SUBMIT_FOR_REVIEW');
      }
      return next;
    };
    // autocannon stops at the first 1 s sample after `duration`: N - 0.5 makes both instances run
    // exactly N samples together (at N, one of them could run a second longer alone).
    const split = (next, seconds) =>
      Promise.all(servers.map((s, k) => transitions(s.base, halves[k], DESK_PATHS, bearer(tokens[k]), CONNECTIONS / servers.length, (id) => next.get(id), seconds - 0.5)));
    // The new process warms up first (the first one had the preparation and the reads); not counted.
    const warmUp = await split(await nextEvents(), Math.max(1, Math.min(3, SECONDS)));
    const warmUpFailures = warmUp.reduce((n, x) => n + x.non2xx + x.errors, 0);
    const next = await nextEvents();
    const phase = await measured(first.databaseUrl, servers, () => split(next, SECONDS));
    return { ...phase, warmUpFailures };
  } finally {
    await second.stop();
  }
}

async function main() {
  // The reference first, on its own: the same machine, the same run, the same load.
  const reference = await startReference(CASES);
  let ref;
  try {
    const ids = Array.from({ length: CASES }, (_, i) => `R.${i}`);
    ref = await phases(reference.base, ids, { read: (id) => `/cases/${id}`, write: (id) => `/cases/${id}/events` }, { 'content-type': 'application/json' });
  } finally {
    await reference.stop();
  }
  const server = await startServer();
  try {
    const manager = await login(server.base, 'manager');
    const analyst = await login(server.base, 'analyst');
    const cases = await prepareCases(server.base, manager, analyst);
    const headers = bearer(analyst);

    // On PostgreSQL the transitions run with the wait events sampled and the CPU metered.
    let one = null;
    const around = database === 'postgres' ? async (go) => (one = await measured(server.databaseUrl, [server], go)).result : undefined;
    const { reads, writes } = await phases(server.base, cases, DESK_PATHS, headers, around);
    const two = database === 'postgres' ? await twoProcesses(server, cases) : null;

    const r = summary('case reads (GET /api/cases/:id)', reads);
    const w = summary('transitions (POST /api/cases/:id/events, synchronous=FULL)', writes);
    const rr = summary('reference reads (node:http + better-sqlite3)', ref.reads);
    const rw = summary('reference transitions (same durable transaction, group commit)', ref.writes);
    const halves = two && two.result.map((result, k) => ({ ...summary(`transitions, process ${k + 1} of 2 (${CONNECTIONS / 2} clients, half the cases)`, result), seconds: result.duration }));
    const twoRate = halves && halves.reduce((sum, h) => sum + h.requestsPerSecond, 0);
    const twoTotal = halves && halves.reduce((n, h) => n + h.total, 0);
    const postgres = two && {
      loadavgAtEnd: loadavg(),
      oneProcess: { transitionsPerSecond: w.requestsPerSecond, waits: one.waits, cpu: perRequest(one.cpu, w.total), counters: countersPerRequest(one.counters, w.total) },
      twoProcesses: {
        transitionsPerSecond: twoRate, ratio: Math.round((100 * twoRate) / w.requestsPerSecond) / 100, results: halves,
        waits: two.waits, cpu: perRequest(two.cpu, twoTotal), counters: countersPerRequest(two.counters, twoTotal),
      },
    };
    console.log(JSON.stringify({ database, seconds: SECONDS, connections: CONNECTIONS, cases: cases.length, results: [r, w, rr, rw], ...(postgres ? { postgres } : {}) }, null, 2));
    console.log(`[${database}] reference reads/s ${rr.requestsPerSecond}, reference transitions/s ${rw.requestsPerSecond}`);
    console.log(`reads/s ${r.requestsPerSecond} (p50 ${r.p50ms} ms, p99 ${r.p99ms} ms)`);
    console.log(`transitions/s ${w.requestsPerSecond} (p50 ${w.p50ms} ms, p99 ${w.p99ms} ms)`);
    console.log(`ratio transitions/reads ${(w.requestsPerSecond / r.requestsPerSecond).toFixed(2)} (target >= 0.6)`);
    console.log(`desk reads / reference reads ${(r.requestsPerSecond / rr.requestsPerSecond).toFixed(2)}`);
    console.log(`desk transitions / reference transitions ${(w.requestsPerSecond / rw.requestsPerSecond).toFixed(2)} (target >= 0.5)`);
    if (postgres) {
      for (const [label, phase] of [['one process', postgres.oneProcess], ['two processes', postgres.twoProcesses]]) {
        printWaits(`${label}, transitions`, phase.waits);
        printCpu(`${label}, transitions`, phase.cpu);
        printCounters(`${label}, transitions`, phase.counters);
      }
      if (two.warmUpFailures) console.error(`two processes, warm-up: ${two.warmUpFailures} non-2xx or errors`);
      for (const h of halves) console.log(`${h.name}: ${h.requestsPerSecond}/s over ${h.seconds} s (p50 ${h.p50ms} ms, p99 ${h.p99ms} ms)`);
      console.log(`postgres transitions: one process ${w.requestsPerSecond}/s, two processes ${twoRate}/s (ratio ${postgres.twoProcesses.ratio.toFixed(2)}, target >= 1.6 where CPU allows)`);
    }
    // The reference's connection errors were never counted as failures; its non-2xx are.
    const failed = [r, w, ...(halves || [])].filter((x) => x.non2xx || x.errors).concat([rr, rw].filter((x) => x.non2xx));
    for (const x of failed) console.error(`${x.name}: ${x.non2xx} non-2xx, ${x.errors} errors`);
    if (failed.length || (two && two.warmUpFailures)) {
      console.error('Some requests failed: the figures above are not valid');
      process.exitCode = 1;
    }
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
