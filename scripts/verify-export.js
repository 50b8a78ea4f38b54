#!/usr/bin/env node
'use strict';
// Checks a journal exported with GET /api/audit/export?format=json without the desk, using
// only node:crypto (formats: README, "Checking the journal without the desk"):
//   node scripts/verify-export.js journal.json [--checkpoint cp.txt --key key.txt] [--older old-cp.txt] [--row N --proof p.json]
// - the chain: every row's SHA-256 over its canonical JSON, the prev-hash links, the gapless seq;
// - the RFC 9162 Merkle tree over the row hashes against a signed checkpoint (C2SP tlog-checkpoint,
//   Ed25519 signed note), which must cover exactly the exported rows;
// - an older checkpoint the auditor kept: its tree must be a prefix of the export's (consistency);
// - an inclusion proof (GET /api/audit/proof/inclusion) for row N.
// Prints a JSON report; exits 0 when everything checked holds, 1 when anything fails, 2 on misuse.
const fs = require('node:fs');
const { createHash, createPublicKey, verify: verifySignature } = require('node:crypto');

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

// RFC 9162 2.1: leaf = SHA-256(0x00 || row hash as 32 bytes), node = SHA-256(0x01 || left || right).
const sha256 = (...parts) => parts.reduce((h, part) => h.update(part), createHash('sha256')).digest();
const leafHash = (rowHashHex) => sha256(Buffer.from([0]), Buffer.from(rowHashHex, 'hex'));
const nodeHash = (left, right) => sha256(Buffer.from([1]), left, right);
const split = (n) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
function mth(leaves, start, end) {
  if (end - start === 0) return sha256();
  if (end - start === 1) return leaves[start];
  const k = split(end - start);
  return nodeHash(mth(leaves, start, start + k), mth(leaves, start + k, end));
}
// RFC 9162 2.1.4.1 PROOF(m, D[n]) from the leaves, and 2.1.4.2 its verification.
function consistencyProof(leaves, m, start, end, whole) {
  const n = end - start;
  if (m === n) return whole ? [] : [mth(leaves, start, end)];
  const k = split(n);
  return m <= k
    ? [...consistencyProof(leaves, m, start, start + k, whole), mth(leaves, start + k, end)]
    : [...consistencyProof(leaves, m - k, start + k, end, false), mth(leaves, start, start + k)];
}
const odd = (n) => n % 2 === 1;
const half = (n) => Math.floor(n / 2);
function verifyConsistency(first, second, firstRoot, secondRoot, proof) {
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0 || first > second || proof.length === 0) return first === 0 && proof.length === 0;
  const path = Number.isInteger(Math.log2(first)) ? [firstRoot, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (odd(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else sr = nodeHash(sr, c);
    [fn, sn] = [half(fn), half(sn)];
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}
// RFC 9162 2.1.3.2.
function verifyInclusion(index, size, leaf, proof, root) {
  if (index >= size || index < 0) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else r = nodeHash(r, p);
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && r.equals(root);
}

// C2SP signed-note verifier key `<name>+<8 hex key ID>+<base64(0x01 || 32-byte Ed25519 key)>`;
// key ID = first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key).
function parseKey(text) {
  let value = text.trim();
  if (value.startsWith('{')) value = JSON.parse(value).key;
  const [name, id, ...rest] = value.split('+');
  const key = Buffer.from(rest.join('+'), 'base64');
  if (!name || key.length !== 33 || key[0] !== 1) throw new Error('the key is not an Ed25519 note verifier key');
  const keyId = sha256(Buffer.from(name, 'utf8'), Buffer.from([0x0a, 0x01]), key.subarray(1)).readUInt32BE(0);
  if (keyId.toString(16).padStart(8, '0') !== id) throw new Error('the key ID does not match the key');
  const publicKey = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.subarray(1)]), format: 'der', type: 'spki' });
  return { name, keyId, publicKey };
}

// A signed note: text, blank line, lines "— <name> <base64(4-byte key ID || signature)>". Returns the
// checkpoint body (origin, size, base64 root) when a signature by the key verifies over the text.
function openCheckpoint(note, key) {
  const at = note.lastIndexOf('\n\n');
  if (at < 0 || !note.endsWith('\n')) throw new Error('not a signed note');
  const text = note.slice(0, at + 1);
  let signed = false;
  for (const line of note.slice(at + 2, -1).split('\n')) {
    const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!match) throw new Error('malformed signature line');
    const bytes = Buffer.from(match[2], 'base64');
    if (match[1] !== key.name || bytes.length !== 68 || bytes.readUInt32BE(0) !== key.keyId) continue;
    if (!verifySignature(null, Buffer.from(text, 'utf8'), key.publicKey, bytes.subarray(4))) throw new Error('the signature does not verify');
    signed = true;
  }
  if (!signed) throw new Error('no signature by this key');
  const [origin, size, root] = text.split('\n');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || Buffer.from(root, 'base64').length !== 32) throw new Error('not a checkpoint body');
  return { origin, size: Number(size), root: Buffer.from(root, 'base64') };
}

function check(rows, options, read) {
  const report = { ...verify(rows) };
  const failures = report.ok ? [] : [report.reason];
  const leaves = rows.map((row) => leafHash(String(row.hash)));
  report.root = mth(leaves, 0, leaves.length).toString('base64');
  let key = null;
  if (options.key) key = parseKey(read(options.key));
  const open = (file, label) => {
    if (!key) throw new Error(`--${label} needs --key`);
    return openCheckpoint(read(file), key);
  };
  let current = null;
  if (options.checkpoint) {
    try {
      current = open(options.checkpoint, 'checkpoint');
      report.checkpoint = { origin: current.origin, size: current.size, root: current.root.toString('base64') };
      if (current.size !== rows.length) failures.push(`the checkpoint covers ${current.size} rows and the export has ${rows.length}`);
      else if (!mth(leaves, 0, current.size).equals(current.root)) failures.push('the exported rows do not hash to the checkpoint root');
    } catch (error) {
      failures.push(`checkpoint: ${error.message}`);
    }
  }
  if (options.older) {
    try {
      const older = open(options.older, 'older');
      report.older = { size: older.size, root: older.root.toString('base64') };
      if (older.size > rows.length) failures.push(`the older checkpoint covers ${older.size} rows and the export only ${rows.length}: rows were cut`);
      else {
        const proof = consistencyProof(leaves, older.size, 0, rows.length, true);
        if (older.size > 0 && !verifyConsistency(older.size, rows.length, older.root, mth(leaves, 0, rows.length), proof)) {
          failures.push(`the export is not consistent with the older checkpoint of ${older.size} rows: rows before it were changed`);
        }
      }
    } catch (error) {
      failures.push(`older checkpoint: ${error.message}`);
    }
  }
  if (options.row !== undefined) {
    try {
      const proof = JSON.parse(read(options.proof));
      const row = rows[options.row - 1];
      const root = Buffer.from(proof.root, 'base64');
      const path = proof.proof.map((h) => Buffer.from(h, 'base64'));
      const ok = row !== undefined && row.hash === proof.rowHash && proof.seq === options.row
        && verifyInclusion(options.row - 1, proof.treeSize, leafHash(row.hash), path, root)
        && (!current || current.size !== proof.treeSize || current.root.equals(root));
      report.inclusion = { seq: options.row, treeSize: proof.treeSize, ok };
      if (!ok) failures.push(`the inclusion proof does not show row ${options.row} in the tree of ${proof.treeSize} rows`);
    } catch (error) {
      failures.push(`inclusion proof: ${error.message}`);
    }
  }
  report.ok = failures.length === 0;
  report.failures = failures;
  return report;
}

function parseArgs(argv) {
  const options = { file: null };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (['--checkpoint', '--key', '--older', '--row', '--proof'].includes(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      options[arg.slice(2)] = arg === '--row' ? Number(value) : value;
    } else if (!options.file && !arg.startsWith('--')) options.file = arg;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!options.file) throw new Error('no export file');
  if ((options.row === undefined) !== (options.proof === undefined)) throw new Error('--row and --proof go together');
  if (options.row !== undefined && !(Number.isInteger(options.row) && options.row >= 1)) throw new Error('--row must be a row number');
  return options;
}

if (require.main === module) {
  let options;
  let rows;
  try {
    options = parseArgs(process.argv.slice(2));
    rows = JSON.parse(fs.readFileSync(options.file, 'utf8'));
    if (!Array.isArray(rows)) throw new Error('the export is not a JSON array');
  } catch (error) {
    console.error(`usage: node scripts/verify-export.js EXPORT.json [--checkpoint CP --key KEY] [--older CP] [--row N --proof P.json]\n${error.message}`);
    process.exit(2);
  }
  const result = check(rows, options, (file) => fs.readFileSync(file, 'utf8'));
  console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
}

module.exports = { canonical, verify, check };
