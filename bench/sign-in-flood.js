// Sign-in under a flood: 16 connections, each from its own loopback address, send wrong
// passwords as fast as they are answered (budgets raised so that only the password-check
// queue stands in the way). Meanwhile one person signs in and reads, one request at a time.
// Prints p50/p95 of that person's sign-in and read, alone and during the flood.
const http = require('node:http');
const { startServer, login } = require('./support');

function post(base, localAddress, body) {
  const url = new URL('/api/auth/login', base);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, localAddress, method: 'POST', path: url.pathname, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

async function person(base, token, rounds) {
  const signIns = [], reads = [], statuses = {};
  for (let i = 0; i < rounds; i++) {
    let t0 = performance.now();
    const status = await post(base, '127.0.0.1', { username: 'analyst', password: 'demo' });
    signIns.push(performance.now() - t0);
    statuses[status] = (statuses[status] ?? 0) + 1;
    t0 = performance.now();
    await fetch(`${base}/api/cycles`, { headers: { authorization: `Bearer ${token}` } });
    reads.push(performance.now() - t0);
  }
  return { signIns, reads, statuses };
}

function report(label, { signIns, reads, statuses }) {
  const ms = (v) => `${v.toFixed(0)} ms`;
  console.log(`${label}: sign-in p50 ${ms(quantile(signIns, 0.5))} p95 ${ms(quantile(signIns, 0.95))}; read p50 ${ms(quantile(reads, 0.5))} p95 ${ms(quantile(reads, 0.95))}; sign-in statuses ${JSON.stringify(statuses)}`);
}

(async () => {
  const server = await startServer({ env: { LOGIN_RATE_LIMIT: '100000', LOGIN_ADDRESS_RATE_LIMIT: '100000' } });
  try {
    const token = await login(server.base, 'analyst');
    report('alone', await person(server.base, token, 20));
    let flooding = true;
    const floodStatuses = {};
    const flood = Array.from({ length: 16 }, async (_, i) => {
      while (flooding) {
        const status = await post(server.base, `127.0.0.${i + 2}`, { username: `nobody${i}`, password: 'guess' });
        floodStatuses[status] = (floodStatuses[status] ?? 0) + 1;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    report('during a 16-connection flood', await person(server.base, token, 20));
    flooding = false;
    await Promise.all(flood);
    console.log(`flood answers: ${JSON.stringify(floodStatuses)}`);
  } finally {
    await server.stop();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
