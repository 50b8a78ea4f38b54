import { canonicalJson } from '../../src/common/canonical-json';
import { GENESIS_HASH, journalEntryHash } from '../../src/audit/journal-hash';
import { leafHash, MerkleFrontier, StoredNode } from '../../src/audit/merkle/merkle-tree';
import type { TestApp } from './test-app';

/** A journal row as exported (payload parsed). */
export type ExportRow = {
  seq: number; at: string; entityType: string; entityId: string; cycleId: string | null; caseId: string | null; event: string;
  fromState: string | null; toState: string | null; actor: string; comment: string | null; payload: Record<string, unknown>; prevHash: string; hash: string;
};

/** Re-hashes the chain from row `from` (1-based) on, as an attacker who knows the format would. */
export function rechain(rows: ExportRow[], from = 1): ExportRow[] {
  const out = rows.map((row) => ({ ...row }));
  for (let i = Math.max(from, 1) - 1; i < out.length; i += 1) {
    out[i].seq = i + 1;
    out[i].prevHash = i === 0 ? GENESIS_HASH : out[i - 1].hash;
    const { hash: _old, ...content } = out[i];
    out[i].hash = journalEntryHash(content);
  }
  return out;
}

/** The five attacks on the chain that pass a chain-only verification: each returns the forged rows. */
export const ATTACKS: Array<[string, (rows: ExportRow[]) => ExportRow[]]> = [
  ['cut the tail and move the head', (rows) => rows.slice(0, rows.length - 3)],
  ['change a row and recompute every later hash and the head', (rows) => rechain(rows.map((r, i) => (i === 4 ? { ...r, comment: 'nothing to see' } : r)), 5)],
  ['delete a row, renumber and recompute', (rows) => rechain([...rows.slice(0, 4), ...rows.slice(5)], 5)],
  ['append a forged APPROVE row with a correct hash and update the head', (rows) => {
    const last = rows[rows.length - 1];
    const caseRow = rows.find((r) => r.caseId) ?? last;
    const forged = { ...caseRow, seq: last.seq + 1, at: last.at, event: 'APPROVE', fromState: 'underReview', toState: 'approved', actor: 'reviewer', comment: null, payload: { version: 99 }, prevHash: last.hash, hash: '' };
    return rechain([...rows, forged], rows.length + 1);
  }],
  ['rewrite the whole chain', (rows) => rechain(rows.map((r) => ({ ...r, actor: r.actor === 'system' ? 'system' : 'mallory' })))],
];

/** What the attacker with the database file (but not the signing key) writes back: rows, tree nodes and head. */
export async function writeJournal(t: TestApp, rows: ExportRow[]): Promise<void> {
  const pg = t.database === 'postgres';
  const p = (n: number) => (pg ? `$${n}` : '?');
  if (pg) {
    for (const sql of ['DROP TRIGGER IF EXISTS journal_no_change ON journal', 'DROP TRIGGER IF EXISTS journal_tree_no_change ON journal_tree']) await t.sql(sql);
  } else {
    for (const name of ['journal_no_update', 'journal_no_delete', 'journal_tree_no_update', 'journal_tree_no_delete']) await t.sql(`DROP TRIGGER IF EXISTS ${name}`);
  }
  await t.sql('DELETE FROM journal');
  await t.sql('DELETE FROM journal_tree');
  for (let i = 0; i < rows.length; i += 50) {
    const chunk = rows.slice(i, i + 50);
    await t.sql(
      `INSERT INTO journal (seq, at, entity_type, entity_id, cycle_id, case_id, event, from_state, to_state, actor, comment, payload, prev_hash, hash) VALUES ${chunk.map((_, j) => `(${Array.from({ length: 14 }, (__, k) => p(j * 14 + k + 1)).join(', ')})`).join(', ')}`,
      chunk.flatMap((r) => [r.seq, r.at, r.entityType, r.entityId, r.cycleId, r.caseId, r.event, r.fromState, r.toState, r.actor, r.comment, canonicalJson(r.payload), r.prevHash, r.hash]),
    );
  }
  const frontier = MerkleFrontier.empty();
  const nodes: StoredNode[] = rows.flatMap((r) => frontier.append(leafHash(Buffer.from(r.hash, 'hex'))));
  for (let i = 0; i < nodes.length; i += 300) {
    const chunk = nodes.slice(i, i + 300);
    await t.sql(`INSERT INTO journal_tree (level, idx, hash) VALUES ${chunk.map((_, j) => `(${p(3 * j + 1)}, ${p(3 * j + 2)}, ${p(3 * j + 3)})`).join(', ')}`, chunk.flatMap((n) => [n.level, n.index, n.hash.toString('hex')]));
  }
  const last = rows[rows.length - 1];
  await t.sql(`UPDATE journal_head SET seq = ${p(1)}, hash = ${p(2)}, tree_size = ${p(3)} WHERE id = 1`, [last?.seq ?? 0, last?.hash ?? GENESIS_HASH, last?.seq ?? 0]);
}
