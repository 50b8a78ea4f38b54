import { ChainVerifier } from './journal-chain-verifier';
import { JournalRepository } from './journal.repository';

// Verification reads and hashes a batch synchronously on SQLite; this size keeps each
// stretch without yielding to the event loop to about 10 ms (PostgreSQL uses it too).
export const VERIFY_BATCH = 4000;

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
): Promise<void> {
  let after = verifier.lastSeq;
  while (after < uptoSeq) {
    const last = await batchTexts(journal, isPostgres, verifier, after, uptoSeq);
    if (last < 0) break;
    after = last;
    onProgress?.(after);
    // Let requests in between batches: a million rows take seconds.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** One batch through the full check; the last seq read, or -1 when there was none. */
async function batchValues(journal: JournalRepository, verifier: ChainVerifier, after: number, uptoSeq: number): Promise<number> {
  const batch = await journal.valuesAfter(after, VERIFY_BATCH, uptoSeq);
  for (const values of batch) verifier.pushValues(values);
  return batch.length ? Number(batch[batch.length - 1][0]) : -1;
}

async function batchTexts(journal: JournalRepository, isPostgres: boolean, verifier: ChainVerifier, after: number, uptoSeq: number): Promise<number> {
  let batch: Array<[number, string | null, string]>;
  try {
    batch = isPostgres ? await journal.canonicalTextsAfterPg(after, VERIFY_BATCH, uptoSeq) : journal.canonicalTextsAfter(after, VERIFY_BATCH, uptoSeq);
  } catch {
    // e.g. a BLOB written into a text column, which json_quote refuses: the full check names it.
    return batchValues(journal, verifier, after, uptoSeq);
  }
  for (const [seq, text, hash] of batch) {
    if (!verifier.confirmText(seq, text, hash)) return batchValues(journal, verifier, verifier.lastSeq, uptoSeq);
  }
  return batch.length ? batch[batch.length - 1][0] : -1;
}
