import { ChainVerifier } from './journal-chain-verifier';
import { DigestedBatch, sourceHere, TextSource, VERIFY_BATCH } from './verify/text-sources';
import { JournalRepository } from './journal.repository';
import { JournalRow, journalRowOfValues } from './journal-row';

/**
 * Receives every row the walk reads, once, in seq order, so that a second reader (the
 * reconciliation's fold) need not read the journal again: the row's content, or null when its
 * payload does not parse (the chain verdict for that row is the verifier's, not the consumer's).
 */
export type WalkedRow = (seq: number, row: JournalRow | null) => void;

export interface WalkOptions {
  onProgress?: (lastSeq: number) => void;
  onRow?: WalkedRow;
  /** Where the batches are read and hashed; by default on this thread. */
  source?: TextSource;
}

/**
 * Streams the rows (afterSeq, uptoSeq] through the verifier in keyset batches: the fast
 * path (canonical texts assembled by the database, or on this thread from PostgreSQL's values) for each
 * batch, and the full check for a row it cannot confirm and the rest of that batch. The next
 * batch is asked for before this one is checked, so a source on a second thread reads and
 * hashes it meanwhile.
 */
export async function walkChain(journal: JournalRepository, isPostgres: boolean, verifier: ChainVerifier, uptoSeq: number, options: WalkOptions = {}): Promise<void> {
  const { onProgress, onRow } = options;
  const source = options.source ?? sourceHere(journal, isPostgres);
  let after = verifier.lastSeq;
  let ahead: Promise<DigestedBatch | null> | null = null;
  while (after < uptoSeq) {
    const batch = await (ahead ?? source.read(after, uptoSeq));
    ahead = null;
    let last = -1;
    if (batch === null) {
      // e.g. a BLOB written into a text column, which json_quote refuses: the full check names it.
      last = await batchValues(journal, verifier, after, uptoSeq, onRow);
    } else if (batch.rows.length > 0) {
      const { rows, hashed } = batch;
      const batchLast = rows[rows.length - 1][0];
      if (batchLast < uptoSeq) ahead = source.read(batchLast, uptoSeq);
      let confirmed = 0;
      while (confirmed < rows.length) {
        const [seq, text, hash] = rows[confirmed];
        if (!verifier.confirmHashed(seq, text, hash, hashed[confirmed] === 1)) break;
        // Confirmed: the text is the row's canonical content, every member as stored, so it is the row.
        if (onRow) onRow(seq, rowOfText(seq, text as string, hash));
        confirmed += 1;
      }
      if (confirmed === rows.length) {
        last = batchLast;
      } else {
        // The full check goes on from the row not confirmed; what was read ahead is dropped.
        await ahead;
        ahead = null;
        last = await batchValues(journal, verifier, verifier.lastSeq, uptoSeq, onRow);
      }
    }
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
