// PostgreSQL side of the transitions bench: what the desk's backends wait on during a phase
// (pg_stat_activity sampled every ~50 ms), and the CPU a phase used (/proc, Linux only).
const fs = require('node:fs');
const { execSync } = require('node:child_process');

const SAMPLE_SQL = `SELECT pid, wait_event_type, wait_event, state, left(query, 80) AS query FROM pg_stat_activity
  WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`;
const TOP = 10;

const increment = (map, key) => map.set(key, (map.get(key) || 0) + 1);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);

/** What a backend is doing in one sample: its wait event, 'CPU/none' when active without one. */
function waitOf(row) {
  const suffix = row.state === 'active' ? '' : ` (${row.state})`;
  if (row.wait_event_type) return `${row.wait_event_type}:${row.wait_event}${suffix}`;
  return row.state === 'active' ? 'CPU/none' : `none${suffix}`;
}

/** A journal row lock: a heavyweight lock wait (Lock:*) by a statement on journal, journal_head or journal_pending. */
const isJournalLock = (row) => row.wait_event_type === 'Lock' && /journal/i.test(row.query || '');

/**
 * Samples the desk's client backends on the database of `databaseUrl` until `stop()`, which
 * returns the counts. Idle backends are counted apart; shares are of the non-idle samples.
 */
async function sampleWaits(databaseUrl, { intervalMs = 50 } = {}) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const datname = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const waits = new Map();
  const queries = new Map();
  const locks = new Map();
  const pids = new Set();
  let rounds = 0;
  let busy = 0;
  let idle = 0;
  let journalLocks = 0;
  const sample = async () => {
    const { rows } = await client.query(SAMPLE_SQL, [datname]);
    rounds += 1;
    for (const row of rows) {
      pids.add(row.pid);
      if (row.state === 'idle') {
        idle += 1;
        continue;
      }
      busy += 1;
      const wait = waitOf(row);
      increment(waits, wait);
      const query = (row.query || '').replace(/\s+/g, ' ').trim();
      if (row.wait_event_type) increment(queries, JSON.stringify([wait, query]));
      if (row.wait_event_type === 'Lock') increment(locks, JSON.stringify([wait, query]));
      if (isJournalLock(row)) journalLocks += 1;
    }
  };
  await sample();
  const started = Date.now();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t = Date.now();
      await sample();
      await sleep(Math.max(0, intervalMs - (Date.now() - t)));
    }
  })();
  return {
    pids,
    async stop() {
      stopped = true;
      await loop;
      await client.end();
      const share = (n) => Math.round((1000 * n) / Math.max(1, busy)) / 10;
      const topWaits = top(waits, TOP).map(([wait, n]) => ({ wait, samples: n, sharePct: share(n) }));
      const byQuery = (map) => top(map, TOP).map(([key, n]) => {
        const [wait, query] = JSON.parse(key);
        return { wait, query, samples: n, sharePct: share(n) };
      });
      const topQueries = byQuery(queries);
      const lockWaits = byQuery(locks);
      const journalLockInTop = topQueries.some((q) => q.wait.startsWith('Lock:') && /journal/i.test(q.query));
      return {
        rounds,
        meanIntervalMs: Math.round((Date.now() - started) / Math.max(1, rounds - 1)),
        busyBackendSamples: busy,
        idleBackendSamples: idle,
        topWaits,
        topQueries,
        lockWaits,
        journalRowLock: { samples: journalLocks, amongTopWaits: journalLockInTop },
      };
    },
  };
}

function printWaits(label, w) {
  console.log(`\n[postgres] wait events, ${label}: ${w.rounds} samples every ~${w.meanIntervalMs} ms; ${w.busyBackendSamples} non-idle and ${w.idleBackendSamples} idle backend samples`);
  console.log('  share  samples  wait');
  for (const t of w.topWaits) console.log(`  ${`${t.sharePct}%`.padStart(5)}  ${String(t.samples).padStart(7)}  ${t.wait}`);
  console.log('  top statements among waiting backends:');
  for (const q of w.topQueries.slice(0, 5)) console.log(`  ${`${q.sharePct}%`.padStart(5)}  ${q.wait}  ${q.query}`);
  console.log(`  heavyweight lock waits (Lock:*): ${w.lockWaits.length ? w.lockWaits.map((l) => `${l.wait} ${l.samples}× on "${l.query}"`).join('; ') : 'none seen'}`);
  console.log(`journal row lock among top waits: ${w.journalRowLock.amongTopWaits ? 'yes' : 'no'} (${w.journalRowLock.samples} samples with a Lock:* wait on a journal statement)`);
}

let tick = null;
const clockTick = () => (tick ??= Number(execSync('getconf CLK_TCK').toString().trim()) || 100);

/** utime + stime of a process in seconds, or null once it is gone. */
function processCpu(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTick();
  } catch {
    return null;
  }
}

/** Busy CPU seconds of the whole machine (all cores) so far. */
function machineCpu() {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal: all but idle and iowait are busy.
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return (user + nice + system + irq + softirq + steal) / clockTick();
}

const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' ');

/**
 * CPU seconds a phase used: the desk processes (`serverPids`), the database's client
 * backends (`backendPids()`, read at the end; a backend that appears mid-phase starts at 0),
 * this bench process (autocannon and the sampler) and the rest of the machine.
 */
function cpuMeter(serverPids, backendPids) {
  const start = { at: Date.now(), machine: machineCpu(), bench: process.cpuUsage(), load: loadavg(), servers: serverPids.map(processCpu), backends: new Map([...backendPids()].map((pid) => [pid, processCpu(pid)])) };
  return () => {
    const wall = (Date.now() - start.at) / 1000;
    const servers = serverPids.map((pid, i) => (processCpu(pid) ?? start.servers[i]) - start.servers[i]);
    let backends = 0;
    for (const pid of backendPids()) {
      const now = processCpu(pid);
      if (now !== null) backends += now - (start.backends.get(pid) ?? 0);
    }
    const b = process.cpuUsage(start.bench);
    const bench = (b.user + b.system) / 1e6;
    const machine = machineCpu() - start.machine;
    const round = (x) => Math.round(x * 100) / 100;
    return {
      wallSeconds: round(wall),
      machineCpuSeconds: round(machine),
      machineBusyCores: round(machine / wall),
      serverCpuSeconds: servers.map(round),
      postgresBackendCpuSeconds: round(backends),
      benchProcessCpuSeconds: round(bench),
      restOfMachineCpuSeconds: round(machine - servers.reduce((a, x) => a + x, 0) - backends - bench),
      loadavgBefore: start.load,
      loadavgAfter: loadavg(),
    };
  };
}

/** The phase's CPU with `perRequestCpuMs`: the desk's, its backends' and the bench's CPU per request. */
function perRequest(c, requests) {
  const ours = c.serverCpuSeconds.reduce((a, x) => a + x, 0) + c.postgresBackendCpuSeconds + c.benchProcessCpuSeconds;
  return { ...c, perRequestCpuMs: Math.round((100_000 * ours) / Math.max(1, requests)) / 100 };
}

function printCpu(label, c) {
  console.log(`[postgres] CPU, ${label}: ${c.wallSeconds} s wall, machine ${c.machineCpuSeconds} CPU-s (${c.machineBusyCores} of 2 cores busy); desk process(es) ${c.serverCpuSeconds.join(' + ')} s, PostgreSQL backends ${c.postgresBackendCpuSeconds} s, bench process (autocannon) ${c.benchProcessCpuSeconds} s, rest of machine ${c.restOfMachineCpuSeconds} s; ${c.perRequestCpuMs} CPU-ms per transition (desk + backends + bench); load average ${c.loadavgBefore} -> ${c.loadavgAfter}`);
}

/**
 * Commits in the bench database and WAL syncs of the whole cluster (other databases' too) so
 * far. Backends flush these counters at most once a second, so they are read after a pause.
 */
async function pgCounters(databaseUrl) {
  const { Client } = require('pg');
  await sleep(1100);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: [db] } = await client.query('SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()');
    const { rows: [wal] } = await client.query('SELECT wal_sync, wal_write FROM pg_stat_wal');
    return { commits: Number(db.xact_commit), rollbacks: Number(db.xact_rollback), walSyncs: Number(wal.wal_sync), walWrites: Number(wal.wal_write) };
  } finally {
    await client.end();
  }
}

/** Runs `go()` while sampling waits and metering CPU; returns its result with both, and the counters' growth. */
async function measured(databaseUrl, servers, go) {
  const before = await pgCounters(databaseUrl);
  const sampler = await sampleWaits(databaseUrl);
  const stopCpu = cpuMeter(servers.map((s) => s.pid), () => sampler.pids);
  const result = await go();
  const cpu = stopCpu();
  const waits = await sampler.stop();
  const after = await pgCounters(databaseUrl);
  const counters = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
  return { result, waits, cpu, counters };
}

/** The counters per request of the phase (transactions committed, cluster WAL syncs). */
function countersPerRequest(c, requests) {
  const per = (n) => Math.round((100 * n) / Math.max(1, requests)) / 100;
  return { ...c, commitsPerRequest: per(c.commits), walSyncsPerRequest: per(c.walSyncs) };
}

function printCounters(label, c) {
  console.log(`[postgres] ${label}: ${c.commits} commits in the database (${c.commitsPerRequest} a transition, reads and the integrator's batches included), ${c.rollbacks} rollbacks; ${c.walSyncs} WAL syncs in the cluster (${c.walSyncsPerRequest} a transition)`);
}

module.exports = { measured, perRequest, countersPerRequest, printWaits, printCpu, printCounters, loadavg };
