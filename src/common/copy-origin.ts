import type { EntityManager } from 'typeorm';

/**
 * Where a copied record comes from (evidence or a finding carried forward from an earlier
 * cycle): named in the copy's journal row, and recorded by the caller in the same transaction.
 */
export interface CopyOrigin<T> {
  carriedFrom: Record<string, unknown>;
  record: (tx: EntityManager, copy: T, at: string) => Promise<unknown>;
}
