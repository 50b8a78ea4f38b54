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
 * The `payload` column holds exactly the canonical JSON of the payload, byte for byte.
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
  return canonicalJournalText(seq, at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, canonicalJson(payload), prevHash);
}

/**
 * The same text from stored column values, with the payload spliced in as its stored
 * text. The journal stores `canonicalJson(payload)`, so an intact row reproduces the
 * hashed bytes without parsing its payload; a payload edited to any other text, even an
 * equivalent JSON spelling, no longer matches the hash. Inputs must be as stored: `seq`
 * a finite integer, the others strings or null.
 */
export function canonicalJournalText(
  seq: number, at: string, entityType: string, entityId: string, cycleId: string | null, caseId: string | null, event: string,
  fromState: string | null, toState: string | null, actor: string, comment: string | null, payloadText: string, prevHash: string,
): string {
  const s = JSON.stringify;
  return (
    `{"actor":${s(actor)},"at":${s(at)},"caseId":${s(caseId)},"comment":${s(comment)},"cycleId":${s(cycleId)},` +
    `"entityId":${s(entityId)},"entityType":${s(entityType)},"event":${s(event)},"fromState":${s(fromState)},` +
    `"payload":${payloadText},"prevHash":${s(prevHash)},"seq":${s(seq)},"toState":${s(toState)}}`
  );
}

/**
 * SQLite expression assembling `canonicalJournalText` from the `journal` columns, so that
 * verification receives one string per row instead of fourteen values. `json_quote`
 * writes every text, number or null as one self-delimiting JSON token (and refuses a
 * BLOB), so a text that hashes to the stored hash is the text that was written: the
 * payload, the one member spliced in raw, cannot absorb a change in a neighbour. NULL
 * when the payload is not text. `concat` (one allocation; `||` copies the text 26 times). Should `json_quote` ever escape a character differently
 * from JSON.stringify, the row only fails this fast check and is decided by the full one.
 */
export const SQLITE_CANONICAL_JOURNAL_TEXT = `CASE WHEN typeof(payload) = 'text' THEN concat('{"actor":', json_quote(actor),
  ',"at":', json_quote(at), ',"caseId":', json_quote(case_id), ',"comment":', json_quote(comment), ',"cycleId":', json_quote(cycle_id),
  ',"entityId":', json_quote(entity_id), ',"entityType":', json_quote(entity_type), ',"event":', json_quote(event),
  ',"fromState":', json_quote(from_state), ',"payload":', payload, ',"prevHash":', json_quote(prev_hash), ',"seq":', json_quote(seq),
  ',"toState":', json_quote(to_state), '}') END`;

/**
 * The same for PostgreSQL: `to_json` writes a text as one JSON string token with the escapes
 * JSON.stringify uses (NULL becomes `null`, and seq is an integer). As on SQLite, a row whose
 * text came out differently only fails the fast check and is decided by the full one.
 */
const pgJson = (column: string) => `coalesce(to_json(${column})::text, 'null')`;
export const PG_CANONICAL_JOURNAL_TEXT = `concat('{"actor":', ${pgJson('actor')},
  ',"at":', ${pgJson('at')}, ',"caseId":', ${pgJson('case_id')}, ',"comment":', ${pgJson('comment')}, ',"cycleId":', ${pgJson('cycle_id')},
  ',"entityId":', ${pgJson('entity_id')}, ',"entityType":', ${pgJson('entity_type')}, ',"event":', ${pgJson('event')},
  ',"fromState":', ${pgJson('from_state')}, ',"payload":', payload, ',"prevHash":', ${pgJson('prev_hash')}, ',"seq":', seq::text,
  ',"toState":', ${pgJson('to_state')}, '}')`;

/** SHA-256 (hex) of the canonical JSON of the row's content, which includes the previous row's hash. */
export function journalEntryHash(content: HashedJournalContent): string {
  return sha256Hex(canonicalJournalContent(content));
}

/**
 * Canonical text of a pending entry's content: the row's canonical text without `seq` and
 * `prevHash`, which the integrator assigns. Its SHA-256 is stored with the pending entry so
 * that the integrator refuses an entry changed after its transaction committed.
 */
export function canonicalEntryText(
  at: string, entityType: string, entityId: string, cycleId: string | null, caseId: string | null, event: string,
  fromState: string | null, toState: string | null, actor: string, comment: string | null, payloadText: string,
): string {
  const s = JSON.stringify;
  return (
    `{"actor":${s(actor)},"at":${s(at)},"caseId":${s(caseId)},"comment":${s(comment)},"cycleId":${s(cycleId)},` +
    `"entityId":${s(entityId)},"entityType":${s(entityType)},"event":${s(event)},"fromState":${s(fromState)},` +
    `"payload":${payloadText},"toState":${s(toState)}}`
  );
}
