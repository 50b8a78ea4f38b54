// Pages and documents at the portfolio's size, over HTTP against the built desk:
//   npm run build && node bench/scale.js [--items 10000] [--memo-items 5000] [--samples 200]
// - evidence list: GET /api/cases/:id/evidence?page=&pageSize=50 over random pages, at `items` items;
// - web /cases/:id (first 50 items, counts, latest timeline) at `items` items;
// - as-of: GET /api/cases/:id?asOf= at random instants over a case with `items` events
//   (after one warm-up request, which leaves stored states to be built);
// - PREPARE_MEMO with `memo-items` evidence items in the cycle, then
// - GET /api/cycles/:id/report?format=html end to end (reads, view model, template) at that size.
// BENCH_DATABASE=postgres runs it on a fresh PostgreSQL database.
const { performance } = require('node:perf_hooks');
const { startServer, api, login, database, percentile } = require('./support');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITEMS = arg('items', 10_000);
const MEMO_ITEMS = arg('memo-items', 5_000);
const SAMPLES = arg('samples', 200);
const round = (n) => Math.round(n * 10) / 10;

const item = (n) => ({
  kind: 'ngo_report', title: `Bench item ${n}`, source: 'Bench Centre', sourceDate: '2015-01-01', periodStart: '2014-01-01', periodEnd: '2014-12-31',
  summary: `Summary of item ${n}, long enough to look like a real one: detentions, transfers and court dates.`,
  stance: ['supports', 'contradicts', 'context'][n % 3], reliability: 'ABCDEF'[n % 6], credibility: 1 + (n % 6),
});

/** `count` evidence items into a case, 10 at a time; returns the instant after each tenth. */
async function fill(base, analyst, caseId, count) {
  const instants = [];
  for (let n = 0; n < count; n += 10) {
    await Promise.all(Array.from({ length: Math.min(10, count - n) }, (_, k) => api(base, 'POST', `/api/cases/${caseId}/evidence`, analyst, item(n + k))));
    instants.push(new Date().toISOString());
  }
  return instants;
}

async function timeRequests(label, samples, request) {
  const times = [];
  for (let i = 0; i < samples; i += 1) {
    const start = performance.now();
    const res = await request(i);
    if (!res.ok) throw new Error(`${label}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    times.push(performance.now() - start);
  }
  return { label, samples, p50ms: round(percentile(times, 50)), p99ms: round(percentile(times, 99)) };
}

async function webSession(base, username) {
  const form = await fetch(`${base}/login`);
  const cookies = (form.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())[1];
  const res = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, username, password: 'demo' }),
  });
  return [...cookies, ...(res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0])].join('; ');
}

async function main() {
  const server = await startServer();
  const results = { database, items: ITEMS, memoItems: MEMO_ITEMS, figures: [] };
  try {
    const base = server.base;
    const [manager, analyst, reviewer, auditor] = await Promise.all(['manager', 'analyst', 'reviewer', 'auditor'].map((u) => login(base, u)));
    const open = (id, year) => api(base, 'POST', '/api/cycles', manager, { id, statuteId: 'PL110-252-CA', recipient: 'GT', fiscalYear: year, appropriatedCents: 100_000_000, obligationDeadline: `${year + 1}-09-30` });

    // The big case: ITEMS items, ITEMS + 1 events.
    const big = (await open('BENCH-BIG', 1990)).cases[0].id;
    const instants = await fill(base, analyst, big, ITEMS);
    const auth = { authorization: `Bearer ${auditor}` };
    const pages = Math.ceil(ITEMS / 50);
    results.figures.push(await timeRequests(`evidence page of 50 at ${ITEMS} items`, SAMPLES, () => fetch(`${base}/api/cases/${big}/evidence?page=${1 + Math.floor(Math.random() * pages)}&pageSize=50`, { headers: auth })));
    results.figures.push(await timeRequests(`evidence page filtered by stance at ${ITEMS} items`, SAMPLES, () => fetch(`${base}/api/cases/${big}/evidence?stance=contradicts&page=${1 + Math.floor(Math.random() * (pages / 3))}`, { headers: auth })));
    const cookie = await webSession(base, 'analyst');
    results.figures.push(await timeRequests(`web /cases/:id at ${ITEMS} items`, Math.min(SAMPLES, 100), () => fetch(`${base}/cases/${big}`, { headers: { cookie } })));
    const asOf = (i) => fetch(`${base}/api/cases/${big}?asOf=${encodeURIComponent(instants[Math.floor(Math.random() * instants.length)])}`, { headers: auth });
    await (await asOf()).arrayBuffer();
    // Stored states are built in the background after the first long replay.
    await new Promise((r) => setTimeout(r, 3000));
    results.figures.push(await timeRequests(`as-of at ${ITEMS + 1} events`, SAMPLES, asOf));

    // The memo cycle: MEMO_ITEMS items over its cases, every case approved.
    const cycle = await open('BENCH-MEMO', 1991);
    const share = Math.ceil(MEMO_ITEMS / cycle.cases.length);
    for (const [i, c] of cycle.cases.entries()) {
      await fill(base, analyst, c.id, Math.min(share, MEMO_ITEMS - i * share));
      await api(base, 'PUT', `/api/cases/${c.id}/proposed-finding`, analyst, { rating: 'met', rationale: 'r', narrative: 'n' });
      await api(base, 'POST', `/api/cases/${c.id}/events`, analyst, { type: 'SUBMIT_FOR_REVIEW' });
      await api(base, 'POST', `/api/cases/${c.id}/events`, reviewer, { type: 'APPROVE' });
    }
    const start = performance.now();
    await api(base, 'POST', '/api/cycles/BENCH-MEMO/events', manager, { type: 'PREPARE_MEMO' });
    results.figures.push({ label: `PREPARE_MEMO at ${MEMO_ITEMS} items`, samples: 1, ms: round(performance.now() - start) });
    results.figures.push(await timeRequests(`report HTML end to end at ${MEMO_ITEMS} items`, 30, () => fetch(`${base}/api/cycles/BENCH-MEMO/report?format=html`, { headers: auth })));
  } finally {
    await server.stop();
  }
  console.log(JSON.stringify(results, null, 2));
  for (const f of results.figures) console.log(`[${database}] ${f.label}: ${f.ms !== undefined ? `${f.ms} ms` : `p50 ${f.p50ms} ms, p99 ${f.p99ms} ms (${f.samples} requests)`}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
