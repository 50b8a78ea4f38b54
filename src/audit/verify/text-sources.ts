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
 * Where a verification walk gets its batches: read and hashed on this thread, or on a second
 * one. `read` never rejects: null means the fast query failed for that
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
// test runner).
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

// PostgreSQL: reads the seq range it is asked for on a connection of its own (the server
// assembles the texts), looking up the next seq after a gap wider than a batch, and hashes it.
// Requests are answered one after the other, in order.
const PG_READING_THREAD = `${DIGEST_SOURCE}
const { parentPort, workerData } = require('node:worker_threads');
const { Client } = require(workerData.driver);
const client = new Client({ connectionString: workerData.url });
const connected = client.connect();
const range = (from, uptoSeq, limit) => client.query({ text: workerData.sql, values: [from, Math.min(from + limit, uptoSeq)], rowMode: 'array' });
async function answer({ afterSeq, uptoSeq, limit }) {
  await connected;
  let { rows } = await range(afterSeq, uptoSeq, limit);
  if (rows.length === 0) {
    const next = (await client.query({ text: workerData.nextSql, values: [afterSeq, uptoSeq], rowMode: 'array' })).rows[0][0];
    if (next !== null) rows = (await range(Number(next) - 1, uptoSeq, limit)).rows;
  }
  for (const row of rows) row[0] = Number(row[0]);
  const hashed = digestRows(rows);
  parentPort.postMessage({ rows, hashed }, [hashed.buffer]);
}
let queue = Promise.resolve();
parentPort.on('message', (message) => {
  if (message.close) {
    queue = queue.then(() => client.end()).catch(() => undefined).then(() => parentPort.close());
    return;
  }
  queue = queue.then(() => answer(message)).catch((error) => parentPort.postMessage({ failed: String(error && error.message) }));
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

  /** Ends the thread; one holding a connection is asked to close it first (so the server logs no broken connection). */
  async close(goodbye = false): Promise<void> {
    if (this.failure) return;
    this.failure = new Error('the verification thread was closed');
    if (goodbye) {
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      this.worker.postMessage({ close: true });
      const late = setTimeout(() => void this.worker.terminate(), 2000);
      await exited;
      clearTimeout(late);
      return;
    }
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
 * A second thread reads the canonical texts, assembled by the database, on a connection of its
 * own and hashes them (on SQLite building the texts is about a third of a walk, hashing another
 * third); this thread is left to check the chain and fold the rows. The rows it reads are
 * committed and never rewritten by the desk (seq at most the head read at the start), so its
 * snapshot gives the same rows as this thread's would. A thread that fails hands the batch,
 * and every later one, back to this thread.
 */
export class ReadingThreadSource implements TextSource {
  private constructor(private readonly journal: JournalRepository, private readonly isPostgres: boolean, readonly thread: Thread) {}

  /** A SQLite file, read on a read-only connection. */
  static sqlite(journal: JournalRepository, query: { file: string; sql: string }): ReadingThreadSource {
    return new ReadingThreadSource(journal, false, new Thread(READING_THREAD, { ...query, driver: require.resolve('better-sqlite3') }));
  }

  /** PostgreSQL, read on a client of its own. */
  static postgres(journal: JournalRepository, url: string): ReadingThreadSource {
    return new ReadingThreadSource(journal, true, new Thread(PG_READING_THREAD, { ...journal.canonicalTextsQueryPg(), url, driver: require.resolve('pg') }));
  }

  async read(afterSeq: number, uptoSeq: number): Promise<DigestedBatch | null> {
    if (afterSeq >= uptoSeq) return digestHere([]);
    let answer: ThreadAnswer;
    try {
      answer = await this.thread.ask({ afterSeq, uptoSeq, limit: VERIFY_BATCH });
    } catch {
      return sourceHere(this.journal, this.isPostgres).read(afterSeq, uptoSeq);
    }
    if (answer.failed !== undefined) return null;
    return { rows: answer.rows!, hashed: answer.hashed! };
  }

  /** The PostgreSQL thread closes its client first, so that the server logs no broken connection. */
  close(): Promise<void> {
    return this.thread.close(this.isPostgres);
  }
}
