#!/usr/bin/env node
'use strict';
// The floor the desk is measured against: plain node:http + better-sqlite3 doing the same
// durable work as a desk transition (read the record, check its state, write the new state and
// version and one hash-chained journal row in one transaction, WAL with synchronous=FULL), with
// the same group commit (everything that queued during a commit goes into the next one).
//   node bench/reference-server.js PORT DBFILE CASES
// GET /cases/:id reads one case as JSON; POST /cases/:id/events {type} toggles it.
const http = require('node:http');
const { createHash } = require('node:crypto');
const Database = require('better-sqlite3');

const [port, file, cases] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4] || 160)];
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS cases (id TEXT PRIMARY KEY, state TEXT NOT NULL, version INTEGER NOT NULL, snapshot TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY, at TEXT, entity_id TEXT, event TEXT, from_state TEXT, to_state TEXT, actor TEXT, payload TEXT, prev_hash TEXT, hash TEXT);
  CREATE INDEX IF NOT EXISTS ix_journal_entity ON journal (entity_id, seq);`);
const insertCase = db.prepare('INSERT OR IGNORE INTO cases (id, state, version, snapshot) VALUES (?, ?, 1, ?)');
db.transaction(() => {
  for (let i = 0; i < cases; i += 1) insertCase.run(`R.${i}`, 'evidenceGathering', JSON.stringify({ value: 'evidenceGathering', context: { submittedBy: null } }));
})();
const readCase = db.prepare('SELECT id, state, version, snapshot FROM cases WHERE id = ?');
const updateCase = db.prepare('UPDATE cases SET state = ?, version = ?, snapshot = ? WHERE id = ? AND version = ?');
const head = db.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1');
const append = db.prepare('INSERT INTO journal (seq, at, entity_id, event, from_state, to_state, actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
const NEXT = { SUBMIT_FOR_REVIEW: ['evidenceGathering', 'inReview'], WITHDRAW: ['inReview', 'evidenceGathering'] };

function transition(id, type) {
  const row = readCase.get(id);
  if (!row) return [404, { message: 'no such case' }];
  const rule = NEXT[type];
  if (!rule || row.state !== rule[0]) return [409, { state: row.state }];
  const at = new Date().toISOString();
  const snapshot = JSON.stringify({ value: rule[1], context: { submittedBy: type === 'SUBMIT_FOR_REVIEW' ? 'analyst' : null } });
  updateCase.run(rule[1], row.version + 1, snapshot, id, row.version);
  const last = head.get() ?? { seq: 0, hash: '0'.repeat(64) };
  const payload = JSON.stringify({ version: row.version + 1 });
  const hash = createHash('sha256').update(JSON.stringify([last.seq + 1, at, id, type, rule[0], rule[1], 'analyst', payload, last.hash])).digest('hex');
  append.run(last.seq + 1, at, id, type, rule[0], rule[1], 'analyst', payload, last.hash, hash);
  return [200, { id, state: rule[1], version: row.version + 1 }];
}

// Group commit: one transaction and one fsync for all requests that queued meanwhile.
let queue = [];
let scheduled = false;
const commitGroup = db.transaction((group) => group.map((unit) => {
  db.exec('SAVEPOINT unit');
  try {
    const answer = transition(unit.id, unit.type);
    db.exec('RELEASE unit');
    return answer;
  } catch (error) {
    db.exec('ROLLBACK TO unit');
    db.exec('RELEASE unit');
    return [500, { message: String(error) }];
  }
}));
function drain() {
  scheduled = false;
  const group = queue.splice(0, 64);
  const answers = commitGroup(group);
  group.forEach((unit, i) => unit.done(...answers[i]));
  if (queue.length && !scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
}

const send = (res, status, body) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

http.createServer((req, res) => {
  const match = /^\/cases\/([^/]+)(\/events)?$/.exec(req.url);
  if (!match) return send(res, 404, { message: 'not found' });
  const id = decodeURIComponent(match[1]);
  if (req.method === 'GET' && !match[2]) {
    const row = readCase.get(id);
    return row ? send(res, 200, { ...row, snapshot: JSON.parse(row.snapshot) }) : send(res, 404, { message: 'no such case' });
  }
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    let type;
    try {
      type = JSON.parse(body).type;
    } catch {
      return send(res, 400, { message: 'bad json' });
    }
    queue.push({ id, type, done: (status, answer) => send(res, status, answer) });
    if (!scheduled) {
      scheduled = true;
      setImmediate(drain);
    }
  });
}).listen(port, '127.0.0.1', () => console.log(`reference listening on ${port}`));
