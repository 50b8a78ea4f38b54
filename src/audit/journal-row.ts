import type { JournalEntityType } from './journal-entry.entity';
import type { HashedJournalContent } from './journal-hash';

/** A journal row as read with raw SQL (no entity hydration: verify and export read a million of them). */
export interface JournalRow extends HashedJournalContent {
  entityType: JournalEntityType;
  hash: string;
}

/** Column list whose aliases are the row's field names, in both dialects. */
export const JOURNAL_COLUMNS =
  'seq, at, entity_type AS "entityType", entity_id AS "entityId", cycle_id AS "cycleId", case_id AS "caseId", event, ' +
  'from_state AS "fromState", to_state AS "toState", actor, comment, payload, prev_hash AS "prevHash", hash';

/** Raw row -> JournalRow; PostgreSQL returns BIGINT as text, the payload is JSON text. Throws on unparsable payload. */
export function toJournalRow(raw: Record<string, unknown>): JournalRow {
  return {
    seq: Number(raw.seq),
    at: raw.at as string,
    entityType: raw.entityType as JournalEntityType,
    entityId: raw.entityId as string,
    cycleId: (raw.cycleId as string | null) ?? null,
    caseId: (raw.caseId as string | null) ?? null,
    event: raw.event as string,
    fromState: (raw.fromState as string | null) ?? null,
    toState: (raw.toState as string | null) ?? null,
    actor: raw.actor as string,
    comment: (raw.comment as string | null) ?? null,
    payload: typeof raw.payload === 'string' ? (JSON.parse(raw.payload) as Record<string, unknown>) : (raw.payload as Record<string, unknown>),
    prevHash: raw.prevHash as string,
    hash: raw.hash as string,
  };
}

/**
 * The same columns, unaliased, in the positional order of `JournalValues`: verification
 * reads them as arrays (no per-row objects) and hands them to ChainVerifier.pushValues.
 */
export const JOURNAL_VALUE_COLUMNS = 'seq, at, entity_type, entity_id, cycle_id, case_id, event, from_state, to_state, actor, comment, payload, prev_hash, hash';

/** One stored row as positional values (seq may be BIGINT text on PostgreSQL; payload is its stored text). */
export type JournalValues = unknown[];

/** A raw row read with JOURNAL_COLUMNS -> the positional form of JOURNAL_VALUE_COLUMNS. */
export function toJournalValues(raw: Record<string, unknown>): JournalValues {
  return [
    raw.seq, raw.at, raw.entityType, raw.entityId, raw.cycleId, raw.caseId, raw.event, raw.fromState, raw.toState, raw.actor, raw.comment, raw.payload, raw.prevHash, raw.hash,
  ];
}

/** Positional values (JOURNAL_VALUE_COLUMNS) -> JournalRow, as toJournalRow does for named columns. Throws on unparsable payload. */
export function journalRowOfValues(v: JournalValues): JournalRow {
  return {
    seq: Number(v[0]),
    at: v[1] as string,
    entityType: v[2] as JournalEntityType,
    entityId: v[3] as string,
    cycleId: (v[4] as string | null) ?? null,
    caseId: (v[5] as string | null) ?? null,
    event: v[6] as string,
    fromState: (v[7] as string | null) ?? null,
    toState: (v[8] as string | null) ?? null,
    actor: v[9] as string,
    comment: (v[10] as string | null) ?? null,
    payload: typeof v[11] === 'string' ? (JSON.parse(v[11]) as Record<string, unknown>) : (v[11] as Record<string, unknown>),
    prevHash: v[12] as string,
    hash: v[13] as string,
  };
}
