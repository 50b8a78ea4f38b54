import { canonicalJson, sha256Hex } from '../common/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The fields a journal row's hash covers: everything but the hash itself.
 *
 * Canonical encoding (what a third party re-implements to verify an export; see
 * scripts/verify-export.js): take exactly these thirteen members, with these names
 * (camelCase, not the column names), `null` for an absent value and `payload` as the
 * parsed JSON object; encode as JSON with object keys sorted by UTF-16 code unit at
 * every depth, no whitespace, strings escaped as `JSON.stringify` does, numbers in
 * JavaScript's shortest round-trip form (all are integers). The row's `hash` is the
 * lowercase hex SHA-256 of that UTF-8 text. `prevHash` is the previous row's `hash`
 * (64 zeros for seq 1), so the chain links every row to all rows before it; `seq`
 * starts at 1 and has no gaps, and `journal_head` holds the last seq and hash.
 */
export interface HashedJournalContent {
  seq: number;
  at: string;
  entityType: string;
  entityId: string;
  cycleId: string | null;
  caseId: string | null;
  event: string;
  fromState: string | null;
  toState: string | null;
  actor: string;
  comment: string | null;
  payload: Record<string, unknown>;
  prevHash: string;
}

/**
 * The canonical JSON of a row's hashed content. Same bytes as `canonicalJson` of the
 * thirteen members (journal-hash.spec.ts checks it), written out with the keys already
 * in sorted order: verification encodes a million rows, the generic encoder would
 * sort the same thirteen keys every time.
 */
export function canonicalJournalContent(content: HashedJournalContent): string {
  const {
    seq, at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, payload, prevHash,
  } = content;
  const members = [actor, at, caseId, comment, cycleId, entityId, entityType, event, fromState, payload, prevHash, seq, toState];
  if (members.some((member) => member === undefined) || !Number.isFinite(seq)) {
    return canonicalJson({ seq, at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, payload, prevHash });
  }
  const s = JSON.stringify;
  return (
    `{"actor":${s(actor)},"at":${s(at)},"caseId":${s(caseId)},"comment":${s(comment)},"cycleId":${s(cycleId)},` +
    `"entityId":${s(entityId)},"entityType":${s(entityType)},"event":${s(event)},"fromState":${s(fromState)},` +
    `"payload":${canonicalJson(payload)},"prevHash":${s(prevHash)},"seq":${s(seq)},"toState":${s(toState)}}`
  );
}

/** SHA-256 (hex) of the canonical JSON of the row's content, which includes the previous row's hash. */
export function journalEntryHash(content: HashedJournalContent): string {
  return sha256Hex(canonicalJournalContent(content));
}
