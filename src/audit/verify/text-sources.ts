import { hash as digest } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { JournalRepository } from '../journal.repository';

// Verification reads and hashes a batch synchronously on SQLite; this size keeps each
// stretch without yielding to the event loop to about 10 ms (PostgreSQL uses it too).
export const VERIFY_BATCH = 4000;

/** `[seq, canonical text, stored hash]` rows in seq order; the text is null where the database could not give one. */
export type TextBatch = Array<[number, string | null, string]>;

/** A batch of rows, and for each whether its text's SHA-256 (hex) is its stored hash: 1 when it is, 0 when not or when the text is null. */
export interface DigestedBatch {
  rows: TextBatch;
  hashed: Uint8Array;
}

/**
 * Where a verification walk gets its batches: read and hashed on this thread, or partly or
 * wholly on a second one. `read` never rejects: null means the fast query failed for that
 * batch (the walk then gives it the full check), and a failed thread hands its work back here.
 */
export interface TextSource {
  read(afterSeq: number, uptoSeq: number): Promise<DigestedBatch | null>;
  close(): Promise<void>;
}

/** Hashes on the calling thread: small walks, and the fallback when a second thread fails. */
export function digestHere(rows: TextBatch): DigestedBatch {
  const hashed = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const [, text, hash] = rows[i];
    hashed[i] = typeof text === 'string' && digest('sha256', text, 'hex') === hash ? 1 : 0;
  }
  return { rows, hashed };
}

/** The fast path's batch read on this thread, or null when the query fails (e.g. json_quote refusing a BLOB). */
async function readHere(journal: JournalRepository, isPostgres: boolean, afterSeq: number, uptoSeq: number): Promise<TextBatch | null> {
  if (afterSeq >= uptoSeq) return [];
  try {
    return isPostgres ? await journal.canonicalTextsAfterPg(afterSeq, VERIFY_BATCH, uptoSeq) : journal.canonicalTextsAfter(afterSeq, VERIFY_BATCH, uptoSeq);
  } catch {
    return null;
  }
}

/** Everything on this thread. */
export function sourceHere(journal: JournalRepository, isPostgres: boolean): TextSource {
  return {
    read: async (afterSeq, uptoSeq) => {
      const rows = await readHere(journal, isPostgres, afterSeq, uptoSeq);
      return rows && digestHere(rows);
    },
    close: async () => undefined,
  };
}

// digestHere as source for a worker (which cannot load this TypeScript module under the
// test runner). The leaf and node hashes stay with the chain check: that keeps the two
// threads about equally busy.
const DIGEST_SOURCE = `
const { hash } = require('node:crypto');
function digestRows(rows) {
  const hashed = new Uint8Array(new ArrayBuffer(rows.length));
  for (let i = 0; i < rows.length; i += 1) {
    const [, text, stored] = rows[i];
    hashed[i] = typeof text === 'string' && hash('sha256', text, 'hex') === stored ? 1 : 0;
  }
  return hashed;
}
`;

// Hashes the rows it is sent.
const HASHING_THREAD = `${DIGEST_SOURCE}
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (rows) => {
  const hashed = digestRows(rows);
  parentPort.postMessage({ hashed }, [hashed.buffer]);
});
`;

// Reads the batch it is asked for on a read-only connection of its own, and hashes it.
const READING_THREAD = `${DIGEST_SOURCE}
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
const statement = db.prepare(workerData.sql).raw(true);
parentPort.on('message', ({ afterSeq, uptoSeq, limit }) => {
  let rows;
  try {
    rows = statement.all(afterSeq, uptoSeq, limit);
  } catch (error) {
    parentPort.postMessage({ failed: String(error && error.message) });
    return;
  }
  const hashed = digestRows(rows);
  parentPort.postMessage({ rows, hashed }, [hashed.buffer]);
});
`;

interface ThreadAnswer {
  rows?: TextBatch;
  hashed?: Uint8Array;
  failed?: string;
}

/**
 * A worker answering requests in the order they were sent. A worker that fails rejects what
 * is pending and every later request, so its callers can fall back to this thread.
 */
class Thread {
  private readonly pending: Array<{ resolve(answer: ThreadAnswer): void; reject(error: Error): void }> = [];
  private failure: Error | null = null;
  private readonly worker: Worker;

  constructor(source: string, workerData?: unknown) {
    this.worker = new Worker(source, { eval: true, workerData });
    this.worker.on('message', (answer: ThreadAnswer) => this.pending.shift()?.resolve(answer));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the verification thread exited (code ${code})`)));
  }

  ask(message: unknown): Promise<ThreadAnswer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    if (this.failure) return;
    this.failure = new Error('the verification thread was closed');
    await this.worker.terminate();
  }

  /** For tests: end the thread as a crash would. */
  kill(): Promise<number> {
    return this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.splice(0)) waiting.reject(error);
  }
}

/**
 * Reads here and hashes on a second thread (PostgreSQL: the rows arrive over the socket here
 * anyway), so that the next batch is read while this one is hashed.
 */
export class HashingThreadSource implements TextSource {
  readonly thread = new Thread(HASHING_THREAD);

  constructor(private readonly journal: JournalRepository, private readonly isPostgres: boolean) {}

  async read(afterSeq: number, uptoSeq: number): Promise<DigestedBatch | null> {
    const rows = await readHere(this.journal, this.isPostgres, afterSeq, uptoSeq);
    if (!rows || rows.length === 0) return rows && digestHere(rows);
    try {
      const answer = await this.thread.ask(rows);
      return { rows, hashed: answer.hashed! };
    } catch {
      return digestHere(rows);
    }
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}

/**
 * SQLite file: a second thread reads the canonical texts (SQLite builds them: about a third of
 * a walk) and hashes them (another third), on a read-only connection of its own; this thread
 * is left to check the chain and fold the rows. The rows it reads are committed and never
 * rewritten by the desk (seq at most the head read at the start), so its snapshot gives the
 * same rows as this thread's would.
 */
export class ReadingThreadSource implements TextSource {
  readonly thread: Thread;

  constructor(private readonly journal: JournalRepository, query: { file: string; sql: string }) {
    this.thread = new Thread(READING_THREAD, { ...query, driver: require.resolve('better-sqlite3') });
  }

  async read(afterSeq: number, uptoSeq: number): Promise<DigestedBatch | null> {
    if (afterSeq >= uptoSeq) return digestHere([]);
    let answer: ThreadAnswer;
    try {
      answer = await this.thread.ask({ afterSeq, uptoSeq, limit: VERIFY_BATCH });
    } catch {
      return sourceHere(this.journal, false).read(afterSeq, uptoSeq);
    }
    if (answer.failed !== undefined) return null;
    return { rows: answer.rows!, hashed: answer.hashed! };
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
