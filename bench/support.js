// Shared helpers for the benchmarks: start the built server on 127.0.0.1 with a fresh
// SQLite file (or DATABASE_URL), sign in, and call the API. Only loopback traffic.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** Which database the benchmarks run on: `BENCH_DATABASE=postgres` for a fresh database on BENCH_PG_URL. */
const database = process.env.BENCH_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
const PG_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function freshPgDatabase() {
  const { Client } = require('pg');
  const name = `desk_bench_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * Starts the built desk. On PostgreSQL it gets a fresh database, which it owns and drops on stop,
 * unless `databaseUrl` names one that another server owns (a second process on the same database).
 */
async function startServer({ port = 20000 + Math.floor(Math.random() * 30000), env = {}, databaseUrl } = {}) {
  if (!fs.existsSync(path.join(root, 'dist', 'main.js'))) throw new Error('Run `npm run build` first (bench uses dist/)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-bench-'));
  const pg = databaseUrl || database !== 'postgres' ? null : await freshPgDatabase();
  const url = databaseUrl || (pg && pg.url);
  if (url) env = { DATABASE_URL: url, ...env };
  // No printing on store: the demo seed's and the memo bench's background prints would share the cores with what is measured.
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), path.join(root, 'dist', 'main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: path.join(dir, 'bench.sqlite'), CHECKPOINT_DIR: path.join(dir, 'checkpoints'), NODE_ENV: 'development', LOGIN_RATE_LIMIT: '100000', LOGIN_ADDRESS_RATE_LIMIT: '100000', DOCUMENTS_PRINT_ON_STORE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      const res = await fetch(`${base}/api/docs-json`);
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`server did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    dir,
    pid: child.pid,
    databaseUrl: url || null,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
      if (pg) await pg.drop();
    },
  };
}

async function api(base, method, url, token, body) {
  const res = await fetch(base + url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function login(base, username) {
  return (await api(base, 'POST', '/api/auth/login', undefined, { username, password: 'demo' })).accessToken;
}

/** The reference server (bench/reference-server.js) on a fresh SQLite file with `cases` cases R.0 ... */
async function startReference(cases) {
  const port = 20000 + Math.floor(Math.random() * 30000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-reference-'));
  const child = spawn(process.execPath, [path.join(__dirname, 'reference-server.js'), String(port), path.join(dir, 'reference.sqlite'), String(cases)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

module.exports = { startServer, startReference, api, login, root, database, percentile };
