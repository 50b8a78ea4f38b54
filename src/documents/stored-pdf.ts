import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { sha256Hex } from '../common/canonical-json';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { describeFault } from '../database/storage-fault';
import type { DocumentEntity } from './document.entity';
import { DocumentFileEntity } from './document-file.entity';
import { DocumentsRepository } from './documents.repository';
import { PdfRenderer } from './pdf-renderer';

/** One document's print (or the read of its stored file), shared by everyone who asks while it runs. */
interface Flight {
  inBackground: boolean;
  file: Promise<DocumentFileEntity>;
}

/**
 * The PDF kept with a stored document: printed once and kept with its hash, because Chromium
 * stamps every print with the time and printing again would change the bytes. With
 * `printPdfOnStore` it is printed in the background once the transaction that stored the
 * document has committed; otherwise, or when that print failed or was lost with a restart, on
 * the first download. Within this process a document is printed by one flight at a time;
 * between processes the first file stored wins and both serve it.
 */
@Injectable()
export class StoredPdf implements OnModuleDestroy {
  private readonly logger = new Logger('Documents');
  private readonly flights = new Map<string, Flight>();
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'printPdfOnStore'>,
    private readonly documents: DocumentsRepository,
    private readonly pdf: PdfRenderer,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** Starts printing documents whose storing has committed; returns at once and never throws. */
  printInBackground(documentIds: string[]): void {
    if (!this.config.printPdfOnStore || this.closing) return;
    for (const documentId of documentIds) {
      this.join(documentId, true, async () => {
        const [document] = await this.documents.byIds([documentId]);
        if (!document) throw new Error('the document is not stored');
        return this.storedOrPrinted(document);
      }).catch((error: unknown) => {
        this.logger.warn(`The PDF of document ${documentId} was not printed after it was stored (${describeFault(error)}); its first download prints it`);
      });
    }
  }

  /** The document's stored PDF; printed and stored now if no file is stored and no print is under way. */
  async file(document: DocumentEntity): Promise<DocumentFileEntity> {
    const background = this.flights.get(document.id);
    if (background?.inBackground) {
      // Its failure is logged where it was started; this download prints instead.
      const printed = await background.file.catch(() => null);
      if (printed) return printed;
    }
    return this.join(document.id, false, () => this.storedOrPrinted(document));
  }

  /** Lets the prints under way finish and be stored before the database closes; none starts in the background after this. */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    while (this.flights.size > 0) await Promise.allSettled([...this.flights.values()].map((flight) => flight.file));
  }

  private join(documentId: string, inBackground: boolean, work: () => Promise<DocumentFileEntity>): Promise<DocumentFileEntity> {
    const running = this.flights.get(documentId);
    if (running) return running.file;
    // Gone from the map before `file` settles: whoever awaited it and asks again reads what was stored, never a finished flight.
    const file = work().finally(() => this.flights.delete(documentId));
    this.flights.set(documentId, { inBackground, file });
    return file;
  }

  private async storedOrPrinted(document: DocumentEntity): Promise<DocumentFileEntity> {
    const stored = await this.documents.storedFile(document.id, 'pdf');
    if (stored) return stored;
    const body = await this.pdf.render(document.html);
    const printed = Object.assign(new DocumentFileEntity(), {
      documentId: document.id, format: 'pdf', sha256: sha256Hex(body), size: body.length, content: body.toString('base64'), createdAt: this.clock.now().toISOString(),
    });
    await this.unitOfWork.write((tx) => this.documents.storeFile(tx, printed));
    // Another process may have stored its print first: that one is kept and served.
    return (await this.documents.storedFile(document.id, 'pdf')) ?? printed;
  }
}
