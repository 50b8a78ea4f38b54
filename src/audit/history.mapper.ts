import { JournalEntryEntity } from './journal-entry.entity';

export interface HistoryItemView {
  seq: number;
  at: string;
  actor: string;
  event: string;
  from: string | null;
  to: string | null;
  comment: string | null;
  entity: string;
  entityId: string;
  payload: Record<string, unknown>;
}

export function toHistoryItem(row: JournalEntryEntity): HistoryItemView {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    event: row.event,
    from: row.fromState,
    to: row.toState,
    comment: row.comment,
    entity: row.entityType,
    entityId: row.entityId,
    payload: row.payload,
  };
}
