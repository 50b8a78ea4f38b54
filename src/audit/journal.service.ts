import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { JournalEntityType, JournalEntryEntity } from './journal-entry.entity';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { canonicalJournalText } from './journal-hash';

export interface JournalInput {
  at: string;
  entityType: JournalEntityType;
  entityId: string;
  cycleId?: string | null;
  caseId?: string | null;
  event: string;
  fromState?: string | null;
  toState?: string | null;
  actor: string;
  comment?: string | null;
  payload?: Record<string, unknown>;
}

/** Appends rows to the hash-chained journal; only ever called inside a UnitOfWork transaction. */
@Injectable()
export class JournalService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async append(tx: EntityManager, inputs: JournalInput[]): Promise<JournalEntryEntity[]> {
    // The head row is locked last by every writer: one global, gapless, fork-free sequence.
    const [head] = (await tx.query(`SELECT seq, hash FROM journal_head WHERE id = 1${this.unitOfWork.forUpdate}`)) as Array<{ seq: string | number; hash: string }>;
    let seq = Number(head.seq);
    let prevHash = head.hash;
    const rows = inputs.map((input) => {
      seq += 1;
      const content = {
        seq,
        at: input.at,
        entityType: input.entityType,
        entityId: input.entityId,
        cycleId: input.cycleId ?? null,
        caseId: input.caseId ?? null,
        event: input.event,
        fromState: input.fromState ?? null,
        toState: input.toState ?? null,
        actor: input.actor,
        comment: input.comment ?? null,
        payload: input.payload ?? {},
        prevHash,
      };
      // Stored exactly as hashed, so verification can splice the stored text in unparsed.
      const payloadText = canonicalJson(content.payload);
      const hash = sha256Hex(canonicalJournalText(
        seq, content.at, content.entityType, content.entityId, content.cycleId, content.caseId, content.event,
        content.fromState, content.toState, content.actor, content.comment, payloadText, prevHash,
      ));
      prevHash = hash;
      return { row: Object.assign(new JournalEntryEntity(), content, { hash }), payloadText };
    });
    const p = (n: number) => this.unitOfWork.param(n);
    // Plain SQL: this runs inside every write transaction, where the query builder's CPU cost showed.
    const columns = ['seq', 'at', 'entity_type', 'entity_id', 'cycle_id', 'case_id', 'event', 'from_state', 'to_state', 'actor', 'comment', 'payload', 'prev_hash', 'hash'];
    const values: unknown[] = [];
    const tuples = rows.map(({ row, payloadText }) => {
      const start = values.length;
      values.push(row.seq, row.at, row.entityType, row.entityId, row.cycleId, row.caseId, row.event, row.fromState, row.toState, row.actor, row.comment, payloadText, row.prevHash, row.hash);
      return `(${columns.map((_, i) => p(start + i + 1)).join(', ')})`;
    });
    await tx.query(`INSERT INTO journal (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
    await tx.query(`UPDATE journal_head SET seq = ${p(1)}, hash = ${p(2)} WHERE id = 1`, [seq, prevHash]);
    return rows.map(({ row }) => row);
  }
}
