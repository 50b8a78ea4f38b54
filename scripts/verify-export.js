#!/usr/bin/env node
'use strict';
// Re-verifies a journal exported with GET /api/audit/export?format=json, without the desk
// and without dependencies: recomputes every row's SHA-256 over its canonical JSON and
// checks the prev-hash links and the gapless seq. Usage: node scripts/verify-export.js FILE
// Prints { ok, checked, firstBrokenSeq, reason? } and exits 0 when intact, 1 when broken, 2 on misuse.
const fs = require('node:fs');
const { createHash } = require('node:crypto');

// Canonical JSON: object keys sorted by UTF-16 code unit at every depth, no whitespace,
// strings and numbers exactly as JSON.stringify writes them (see src/audit/journal-hash.ts).
function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value === undefined ? null : value);
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item === undefined ? null : item)).join(',')}]`;
  return `{${Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
    .join(',')}}`;
}

// The thirteen hashed members; the hash itself is the fourteenth field of an exported row.
const HASHED = ['seq', 'at', 'entityType', 'entityId', 'cycleId', 'caseId', 'event', 'fromState', 'toState', 'actor', 'comment', 'payload', 'prevHash'];

function verify(rows) {
  let prevHash = '0'.repeat(64);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i];
    const expected = i + 1;
    if (row.seq !== expected) return broken(i, expected, `row ${expected} is missing or out of order (found seq ${row.seq})`);
    const content = {};
    for (const key of HASHED) {
      if (!(key in row)) return broken(i, expected, `row ${expected} lacks the field ${key}`);
      content[key] = row[key];
    }
    const hash = createHash('sha256').update(canonical(content), 'utf8').digest('hex');
    if (hash !== row.hash) return broken(i, expected, `row ${expected} does not match its hash`);
    if (row.prevHash !== prevHash) return broken(i, expected, `row ${expected} does not link to the hash of row ${expected - 1}`);
    prevHash = row.hash;
  }
  return { ok: true, checked: rows.length, firstBrokenSeq: null, lastHash: prevHash };
}

function broken(checked, seq, reason) {
  return { ok: false, checked, firstBrokenSeq: seq, reason };
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node scripts/verify-export.js EXPORT.json');
    process.exit(2);
  }
  let rows;
  try {
    rows = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Array.isArray(rows)) throw new Error('the export is not a JSON array');
  } catch (error) {
    console.error(`cannot read ${file}: ${error.message}`);
    process.exit(2);
  }
  const result = verify(rows);
  console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
}

module.exports = { canonical, verify };
