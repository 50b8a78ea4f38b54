import { ChainVerifier } from './journal-chain-verifier';
import { JournalRepository } from './journal.repository';
import { JournalRow, journalRowOfValues } from './journal-row';

// Verification reads and hashes a batch synchronously on SQLite; this size keeps each
// stretch without yielding to the event loop to about 10 ms (PostgreSQL uses it too).
export const VERIFY_BATCH = 4000;

/**
 * Receives every row the walk reads, once, in seq order, so that a second reader (the
 * reconciliation's fold) need not read the journal again: the row's content, or null when its
 * payload does not parse (the chain verdict for that row is the verifier's, not the consumer's).
 */
export type WalkedRow = (seq: number, row: JournalRow | null) => void;

/**
 * Streams the rows (afterSeq, uptoSeq] through the verifier in keyset batches: the fast
 * path (canonical texts assembled by SQLite, or here from PostgreSQL's values) for each
 * batch, and the full check for a row it cannot confirm and the rest of that batch.
 */
export async function walkChain(
  journal: JournalRepository,
  isPostgres: boolean,
  verifier: ChainVerifier,
  uptoSeq: number,
  onProgress?: (lastSeq: number) => void,
  onRow?: WalkedRow,
): Promise<void> {
  let after = verifier.lastSeq;
  while (after < uptoSeq) {
    const last = await batchTexts(journal, isPostgres, verifier, after, uptoSeq, onRow);
    if (last < 0) break;
    after = last;
    onProgress?.(after);
    // Let requests in between batches: a million rows take seconds.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** One batch through the full check; the last seq read, or -1 when there was none. */
async function batchValues(journal: JournalRepository, verifier: ChainVerifier, after: number, uptoSeq: number, onRow?: WalkedRow): Promise<number> {
  const batch = await journal.valuesAfter(after, VERIFY_BATCH, uptoSeq);
  for (const values of batch) {
    verifier.pushValues(values);
    onRow?.(Number(values[0]), rowOfValues(values));
  }
  return batch.length ? Number(batch[batch.length - 1][0]) : -1;
}

async function batchTexts(journal: JournalRepository, isPostgres: boolean, verifier: ChainVerifier, after: number, uptoSeq: number, onRow?: WalkedRow): Promise<number> {
  let batch: Array<[number, string | null, string]>;
  try {
    batch = isPostgres ? await journal.canonicalTextsAfterPg(after, VERIFY_BATCH, uptoSeq) : journal.canonicalTextsAfter(after, VERIFY_BATCH, uptoSeq);
  } catch {
    // e.g. a BLOB written into a text column, which json_quote refuses: the full check names it.
    return batchValues(journal, verifier, after, uptoSeq, onRow);
  }
  for (const [seq, text, hash] of batch) {
    if (!verifier.confirmText(seq, text, hash)) return batchValues(journal, verifier, verifier.lastSeq, uptoSeq, onRow);
    // Confirmed: the text is the row's canonical content, every member as stored, so it is the row.
    if (onRow) onRow(seq, rowOfText(seq, text as string, hash));
  }
  return batch.length ? batch[batch.length - 1][0] : -1;
}

function rowOfText(seq: number, text: string, hash: string): JournalRow | null {
  try {
    const row = JSON.parse(text) as JournalRow;
    row.seq = seq;
    row.hash = hash;
    return row;
  } catch {
    return null;
  }
}

function rowOfValues(values: unknown[]): JournalRow | null {
  try {
    return journalRowOfValues(values);
  } catch {
    return null;
  }
}
