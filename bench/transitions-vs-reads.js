// Authenticated case reads per second vs durable transitions per second (SUBMIT_FOR_REVIEW /
// WITHDRAW alternating over many cases), 10 clients each, in one run on one server.
// Usage: npm run build && node bench/transitions-vs-reads.js [--seconds 10] [--cases 160]
const autocannon = require('autocannon');
const { startServer, startReference, api, login, database } = require('./support');

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

/** Reads, then alternating transitions, over `cases`, each client on its own slice. */
async function phases(base, cases, paths, headers) {
  let next = 0;
  // BENCH_ONLY=writes skips the read phase (for profiling the write path alone).
  const reads = process.env.BENCH_ONLY === 'writes' ? { requests: { average: 1, total: 0 }, latency: {}, non2xx: 0, errors: 0 } : await run({
    url: base,
    requests: [{ method: 'GET', headers, setupRequest: (req) => ({ ...req, path: paths.read(cases[next++ % cases.length]) }) }],
  });
  let clientNo = 0;
  const writes = await run({
    url: base,
    setupClient: (client) => {
      const own = cases.filter((_, i) => i % CONNECTIONS === clientNo);
      clientNo++;
      const state = own.map(() => 'SUBMIT_FOR_REVIEW');
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
  return { reads, writes };
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
    const headers = { authorization: `Bearer ${analyst}`, 'content-type': 'application/json' };

    const { reads, writes } = await phases(server.base, cases, { read: (id) => `/api/cases/${id}`, write: (id) => `/api/cases/${id}/events` }, headers);

    const r = summary('case reads (GET /api/cases/:id)', reads);
    const w = summary('transitions (POST /api/cases/:id/events, synchronous=FULL)', writes);
    const rr = summary('reference reads (node:http + better-sqlite3)', ref.reads);
    const rw = summary('reference transitions (same durable transaction, group commit)', ref.writes);
    console.log(JSON.stringify({ database, seconds: SECONDS, connections: CONNECTIONS, cases: cases.length, results: [r, w, rr, rw] }, null, 2));
    console.log(`[${database}] reference reads/s ${rr.requestsPerSecond}, reference transitions/s ${rw.requestsPerSecond}`);
    console.log(`reads/s ${r.requestsPerSecond} (p50 ${r.p50ms} ms, p99 ${r.p99ms} ms)`);
    console.log(`transitions/s ${w.requestsPerSecond} (p50 ${w.p50ms} ms, p99 ${w.p99ms} ms)`);
    console.log(`ratio transitions/reads ${(w.requestsPerSecond / r.requestsPerSecond).toFixed(2)} (target >= 0.6)`);
    console.log(`desk reads / reference reads ${(r.requestsPerSecond / rr.requestsPerSecond).toFixed(2)}`);
    console.log(`desk transitions / reference transitions ${(w.requestsPerSecond / rw.requestsPerSecond).toFixed(2)} (target >= 0.5)`);
    if (r.non2xx || w.non2xx || r.errors || w.errors || rr.non2xx || rw.non2xx) {
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
