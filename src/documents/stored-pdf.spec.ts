import { Logger } from '@nestjs/common';
import { FixedClock } from '../common/clock';
import { unavailable } from '../common/domain-error';
import type { UnitOfWork } from '../database/unit-of-work';
import { DocumentEntity } from './document.entity';
import type { DocumentFileEntity } from './document-file.entity';
import type { DocumentsRepository } from './documents.repository';
import type { PdfRenderer } from './pdf-renderer';
import { StoredPdf } from './stored-pdf';

/** A print that ends when the test says so. */
class PendingPrint {
  resolve!: (pdf: Buffer) => void;
  reject!: (error: unknown) => void;
  readonly promise = new Promise<Buffer>((resolve, reject) => {
    this.resolve = resolve;
    this.reject = reject;
  });
}

const memo = Object.assign(new DocumentEntity(), { id: 'doc-1', html: '<title>Memo</title><p>x</p>' });
const report = Object.assign(new DocumentEntity(), { id: 'doc-2', html: '<title>Report</title><p>y</p>' });

function desk(options: { printPdfOnStore?: boolean } = {}) {
  const files = new Map<string, DocumentFileEntity>();
  const prints: PendingPrint[] = [];
  const documents = {
    byIds: async (ids: string[]) => [memo, report].filter((document) => ids.includes(document.id)),
    storedFile: async (documentId: string) => files.get(documentId) ?? null,
    // The first file stored wins, as with the table's INSERT ... OR IGNORE.
    storeFile: async (_tx: unknown, file: DocumentFileEntity) => {
      if (!files.has(file.documentId)) files.set(file.documentId, file);
    },
  } as unknown as DocumentsRepository;
  const pdf = {
    render: jest.fn(() => {
      const print = new PendingPrint();
      prints.push(print);
      return print.promise;
    }),
  } as unknown as PdfRenderer & { render: jest.Mock };
  const unitOfWork = { write: (work: (tx: unknown) => Promise<unknown>) => work({}) } as unknown as UnitOfWork;
  const storedPdf = new StoredPdf({ printPdfOnStore: options.printPdfOnStore ?? true }, documents, pdf, unitOfWork, new FixedClock(new Date('2015-10-15T12:00:00Z')));
  return { storedPdf, files, prints, render: pdf.render };
}

// Lets the awaited reads before a print run, so that the print has been asked for.
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StoredPdf', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('prints in the background and serves a download made meanwhile the bytes of that one print', async () => {
    const { storedPdf, files, prints, render } = desk();
    storedPdf.printInBackground([memo.id]);
    await settle();
    expect(render).toHaveBeenCalledTimes(1);
    const download = storedPdf.file(memo);
    await settle();
    prints[0].resolve(Buffer.from('%PDF-printed once'));
    const served = await download;
    expect(Buffer.from(served.content, 'base64').toString()).toBe('%PDF-printed once');
    expect(served.sha256).toBe(files.get(memo.id)!.sha256);
    expect(files.get(memo.id)!.size).toBe('%PDF-printed once'.length);
    expect(render).toHaveBeenCalledTimes(1);
    // Later downloads read the stored file.
    await expect(storedPdf.file(memo)).resolves.toBe(files.get(memo.id));
    expect(render).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('lets a download waiting on a failed background print print it, and logs the failure with the document and its cause', async () => {
    const { storedPdf, files, prints, render } = desk();
    storedPdf.printInBackground([memo.id]);
    await settle();
    const download = storedPdf.file(memo);
    await settle();
    prints[0].reject(unavailable('PDF_UNAVAILABLE', 'Chromium at /usr/bin/chromium did not start (crashed)'));
    await settle();
    expect(render).toHaveBeenCalledTimes(2);
    prints[1].resolve(Buffer.from('%PDF-second attempt'));
    await expect(download).resolves.toMatchObject({ documentId: memo.id, size: '%PDF-second attempt'.length });
    expect(files.get(memo.id)!.content).toBe(Buffer.from('%PDF-second attempt').toString('base64'));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/document doc-1 .*PDF_UNAVAILABLE: Chromium at \/usr\/bin\/chromium did not start \(crashed\)/);
  });

  it('after a failed background print with nobody waiting, prints on the next download', async () => {
    const { storedPdf, files, prints, render } = desk();
    storedPdf.printInBackground([memo.id]);
    await settle();
    prints[0].reject(new Error('Target page, context or browser has been closed'));
    await settle();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(files.size).toBe(0);
    const download = storedPdf.file(memo);
    await settle();
    prints[1].resolve(Buffer.from('%PDF-on download'));
    await expect(download).resolves.toMatchObject({ size: '%PDF-on download'.length });
    expect(render).toHaveBeenCalledTimes(2);
  });

  it('prints once for downloads made at the same time, and hands a failed download its error', async () => {
    const { storedPdf, prints, render } = desk({ printPdfOnStore: false });
    const downloads = [storedPdf.file(memo), storedPdf.file(memo)];
    await settle();
    prints[0].reject(unavailable('PDF_UNAVAILABLE', 'PDF output needs Chromium'));
    for (const download of downloads) await expect(download).rejects.toMatchObject({ code: 'PDF_UNAVAILABLE' });
    expect(render).toHaveBeenCalledTimes(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('prints nothing in the background when printing on store is off', async () => {
    const { storedPdf, render } = desk({ printPdfOnStore: false });
    storedPdf.printInBackground([memo.id]);
    await settle();
    expect(render).not.toHaveBeenCalled();
  });

  it('waits at shutdown for a print under way to be stored, and starts none after', async () => {
    const { storedPdf, files, prints, render } = desk();
    storedPdf.printInBackground([memo.id]);
    await settle();
    let closed = false;
    const closing = storedPdf.onModuleDestroy().then(() => (closed = true));
    await settle();
    expect(closed).toBe(false);
    prints[0].resolve(Buffer.from('%PDF-finished'));
    await closing;
    expect(files.get(memo.id)!.size).toBe('%PDF-finished'.length);
    storedPdf.printInBackground([report.id]);
    await settle();
    expect(render).toHaveBeenCalledTimes(1);
  });
});
