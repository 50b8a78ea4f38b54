import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import { PdfRenderer } from '../src/documents/pdf-renderer';
import { StoredPdf } from '../src/documents/stored-pdf';
import { createTestApp, TestApp, testDatabases } from './support/test-app';

// DOCUMENTS_PRINT_ON_STORE=true (the desk's default): a stored document's PDF is printed once the
// transaction that stored it has committed, before anyone downloads it.
const CHROMIUM = '/usr/bin/chromium';
// A bound on waiting for background work, not a speed target; within Jest's 60 s a test.
const WAIT_MS = 30_000;

async function eventually<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// supertest buffers PDFs as text unless told otherwise.
const asBinary = ((res: NodeJS.ReadableStream, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}) as never;

(fs.existsSync(CHROMIUM) || process.env.CI ? describe : describe.skip).each(testDatabases())('documents printed on store (%s)', (database) => {
  let t: TestApp;
  let manager: string, auditor: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const event = (cycleId: string, body: Record<string, unknown>) => t.http.post(`/api/cycles/${cycleId}/events`).set(auth(manager)).send(body);
  const downloadMemo = (cycleId: string) => t.http.get(`/api/cycles/${cycleId}/memo?format=pdf`).set(auth(auditor)).buffer(true).parse(asBinary).expect(200);

  beforeAll(async () => {
    t = await createTestApp({ database, env: { DOCUMENTS_PRINT_ON_STORE: 'true' } });
    [manager, auditor] = await Promise.all(['manager', 'auditor'].map((u) => t.token(u)));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => t?.close());

  async function storedPdf(documentId: string): Promise<{ sha256: string; size: number; content: string } | undefined> {
    const [file] = await t.sql(`SELECT sha256, size, content FROM document_files WHERE document_id = '${documentId}' AND format = 'pdf'`);
    return file && { ...file, size: Number(file.size) };
  }

  async function memoId(cycleId: string): Promise<string> {
    const [memo] = await t.sql(`SELECT id FROM documents WHERE cycle_id = '${cycleId}' AND kind = 'decision_memo'`);
    return memo.id;
  }

  // Read on a connection of its own, which sees only committed rows (on SQLite too: WAL readers do).
  async function committedMemos(cycleId: string): Promise<number> {
    const query = `SELECT count(*) AS n FROM documents WHERE cycle_id = '${cycleId}' AND kind = 'decision_memo'`;
    if (t.config.database.type === 'postgres') return Number((await t.sql(query))[0].n);
    const reader = new Database(t.config.database.path, { readonly: true });
    try {
      return Number((reader.prepare(query).get() as { n: number }).n);
    } finally {
      reader.close();
    }
  }

  /** Holds the prints of one cycle's memo until released; counts them and notes whether the memo was committed when each began. */
  function holdMemoPrints(cycleId: string) {
    const renderer = t.app.get(PdfRenderer);
    const print = renderer.render.bind(renderer);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const hold = { prints: 0, committedWhenPrinted: [] as number[], release };
    jest.spyOn(renderer, 'render').mockImplementation(async (html: string) => {
      if (html.includes(`<title>Action memo: ${cycleId} `)) {
        // Counted once the commit is read, so that a test seeing the count also sees what was read.
        const committed = await committedMemos(cycleId);
        hold.prints++;
        hold.committedWhenPrinted.push(committed);
        await released;
      }
      return print(html);
    });
    return hold;
  }

  it('prints the documents the demo seed stored, memos and a transmitted report, with no download', async () => {
    const stored = await t.sql<{ id: string; kind: string }>('SELECT id, kind FROM documents');
    expect(stored.map((d) => d.kind)).toEqual(expect.arrayContaining(['decision_memo', 'report']));
    const files = await eventually('a PDF of every stored document', async () => {
      const found = await Promise.all(stored.map((document) => storedPdf(document.id)));
      return found.every((file) => file !== undefined) ? found : undefined;
    });
    for (const file of files) expect(Buffer.from(file!.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('prints a memo once PREPARE_MEMO has committed, without holding up its answer, and serves those bytes', async () => {
    const hold = holdMemoPrints('MX-FY2014');
    // Answered while its print is held: the event does not wait for it.
    await event('MX-FY2014', { type: 'PREPARE_MEMO' }).expect(200);
    const id = await memoId('MX-FY2014');
    await eventually('the print asked for', async () => (hold.prints > 0 ? true : undefined));
    expect(hold.committedWhenPrinted).toEqual([1]);
    expect(await storedPdf(id)).toBeUndefined();
    hold.release();
    const kept = await eventually('the memo PDF stored', () => storedPdf(id));
    const served = (await downloadMemo('MX-FY2014')).body as Buffer;
    expect(sha256(served)).toBe(kept.sha256);
    expect(served.length).toBe(kept.size);
    expect(served.equals(Buffer.from(kept.content, 'base64'))).toBe(true);
    expect(hold.prints).toBe(1);
  });

  it('serves a download made while the print runs the bytes of that one print', async () => {
    const hold = holdMemoPrints('MX-FY2009');
    const asked = jest.spyOn(t.app.get(StoredPdf), 'file');
    await event('MX-FY2009', { type: 'PREPARE_MEMO' }).expect(200);
    await eventually('the print asked for', async () => (hold.prints > 0 ? true : undefined));
    const download = downloadMemo('MX-FY2009').then((res) => res.body as Buffer);
    await eventually('the download waiting on the print', async () => (asked.mock.calls.length > 0 ? true : undefined));
    hold.release();
    const served = await download;
    const kept = await storedPdf(await memoId('MX-FY2009'));
    expect(kept && sha256(served)).toBe(kept?.sha256);
    expect(hold.prints).toBe(1);
  });
});

describe.each(testDatabases())('documents printed on store, without Chromium (%s)', (database) => {
  let t: TestApp;
  let warn: jest.SpyInstance;
  beforeAll(async () => {
    // The demo seed's documents fail to print too: their warnings are kept here, not shown.
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    t = await createTestApp({ database, env: { DOCUMENTS_PRINT_ON_STORE: 'true', CHROMIUM_PATH: '/nonexistent/chromium' } });
  });
  afterAll(async () => {
    await t?.close();
    warn.mockRestore();
  });

  it('stores the memo, logs the failed print with the memo and its cause, and the download prints again', async () => {
    const manager = { Authorization: `Bearer ${await t.token('manager')}` };
    await t.http.post('/api/cycles/MX-FY2014/events').set(manager).send({ type: 'PREPARE_MEMO' }).expect(200);
    const [memo] = await t.sql(`SELECT id FROM documents WHERE cycle_id = 'MX-FY2014' AND kind = 'decision_memo'`);
    const logged = await eventually('the warning', async () => warn.mock.calls.map(([message]) => String(message)).find((message) => message.includes(`document ${memo.id}`)));
    expect(logged).toMatch(/PDF_UNAVAILABLE: PDF output needs Chromium at \/nonexistent\/chromium/);
    const res = await t.http.get('/api/cycles/MX-FY2014/memo?format=pdf').set(manager).expect(503);
    expect(res.body.code).toBe('PDF_UNAVAILABLE');
    await t.http.get('/api/health').expect(200);
  });
});
