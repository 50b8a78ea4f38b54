import { canonicalJson, sha256Hex } from '../common/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields a journal row's hash covers: everything but the hash itself. */
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

/** SHA-256 (hex) of the canonical JSON of the row's content, which includes the previous row's hash. */
export function journalEntryHash(content: HashedJournalContent): string {
  const {
    seq, at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, payload, prevHash,
  } = content;
  return sha256Hex(
    canonicalJson({ seq, at, entityType, entityId, cycleId, caseId, event, fromState, toState, actor, comment, payload, prevHash }),
  );
}
