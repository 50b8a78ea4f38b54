import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { JournalEntityType } from './journal-entry.entity';
import { canonicalJson, sha256Hex } from '../common/canonical-json';
import { canonicalEntryText } from './journal-hash';

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

export const PENDING_COLUMNS = ['at', 'entity_type', 'entity_id', 'cycle_id', 'case_id', 'event', 'from_state', 'to_state', 'actor', 'comment', 'payload', 'content_hash'];

/**
 * Stores journal entries inside the caller's UnitOfWork transaction, durably and with the
 * hash of their content, without touching any row another writer needs: the integrator
 * (JournalIntegrator) gives them their seq and chain hash once they are committed, and the
 * unit of work answers only after that. Entries of one transaction keep their order.
 */
@Injectable()
export class JournalService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async append(tx: EntityManager, inputs: JournalInput[]): Promise<void> {
    if (inputs.length === 0) return;
    const p = (n: number) => this.unitOfWork.param(n);
    const values: unknown[] = [];
    const tuples = inputs.map((input) => {
      const start = values.length;
      // Stored exactly as hashed, so verification can splice the stored text in unparsed.
      const payloadText = canonicalJson(input.payload ?? {});
      const row = [
        input.at, input.entityType, input.entityId, input.cycleId ?? null, input.caseId ?? null, input.event,
        input.fromState ?? null, input.toState ?? null, input.actor, input.comment ?? null, payloadText,
      ] as const;
      values.push(...row, sha256Hex(canonicalEntryText(...row)));
      return `(${PENDING_COLUMNS.map((_, i) => p(start + i + 1)).join(', ')})`;
    });
    // Plain SQL: this runs inside every write transaction, where the query builder's CPU cost showed.
    await tx.query(`INSERT INTO journal_pending (${PENDING_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
}
