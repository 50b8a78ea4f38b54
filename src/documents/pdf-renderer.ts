import { Inject, Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import { ParseSpeeds, PDFDocument } from '@cantoo/pdf-lib';
import { chromium } from 'playwright-core';
import { unavailable } from '../common/domain-error';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { documentMetadata } from './document-metadata';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Chromium processes printing at once; further requests wait their turn instead of exhausting the machine. */
const MAX_CONCURRENT_PRINTS = 2;

/**
 * Prints a stored HTML document to PDF with the host's Chromium (no browser download).
 * One browser per call: PDFs are rare, and nothing stays running between requests.
 */
@Injectable()
export class PdfRenderer {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'chromiumPath'>) {}

  get available(): boolean {
    return fs.existsSync(this.config.chromiumPath);
  }

  async render(html: string): Promise<Buffer> {
    if (!this.available) {
      throw unavailable('PDF_UNAVAILABLE', `PDF output needs Chromium at ${this.config.chromiumPath}; install it with: apt-get install chromium (or set CHROMIUM_PATH)`);
    }
    await this.acquire();
    try {
      return await this.print(html);
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < MAX_CONCURRENT_PRINTS) {
      this.running++;
      return Promise.resolve();
    }
    // The slot is handed over directly by release(), so `running` stays correct.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  private async print(html: string): Promise<Buffer> {
    let browser;
    try {
      browser = await chromium.launch({ executablePath: this.config.chromiumPath, args: CHROMIUM_ARGS });
    } catch (error) {
      throw unavailable('PDF_UNAVAILABLE', `Chromium at ${this.config.chromiumPath} did not start (${(error as Error).message.split('\n')[0]}); reinstall it with: apt-get install chromium`);
    }
    try {
      const meta = documentMetadata(html);
      const { marking } = meta;
      // The document is self-contained: no script runs and no network is needed.
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      await page.setContent(printable(html), { waitUntil: 'load' });
      const printed = await page.pdf({
        format: 'Letter',
        printBackground: true,
        preferCSSPageSize: true,
        tagged: true,
        outline: true,
        displayHeaderFooter: true,
        headerTemplate: band(marking),
        footerTemplate: band(`${escapeHtml(marking)}${marking ? ' · ' : ''}Page <span class="pageNumber"></span> of <span class="totalPages"></span>`, true),
      });
      return await withMetadata(printed, meta);
    } finally {
      await browser.close();
    }
  }
}

/**
 * Chromium writes only the title into the PDF's information dictionary; author and subject come
 * from the document's own head. They are added as an incremental update (ISO 32000-1, 7.5.6):
 * Chromium's bytes stay as printed, followed by the changed objects and a new cross-reference
 * section. Writing the whole file out again took about 2 s of a 5,000-note report's 6.5 s.
 */
async function withMetadata(pdf: Buffer, meta: { title: string; author: string; subject: string }): Promise<Buffer> {
  // Fast: 1,500 objects a tick, so a large print holds the event loop for tens of milliseconds at a time, not the whole parse.
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, forIncrementalUpdate: true, parseSpeed: ParseSpeeds.Fast });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  doc.setProducer('Conditions Desk (Chromium, Skia/PDF)');
  return Buffer.from(await doc.commit({ useObjectStreams: false }));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Header and footer bands; Chromium prints them at 0 size unless a font size is given. */
function band(content: string, trusted = false): string {
  return `<div style="font-family: 'Times New Roman', Times, serif; font-size: 8pt; width: 100%; text-align: center; color: #333;">${trusted ? content : escapeHtml(content)}</div>`;
}

/**
 * The HTML as printed: links within the document become plain text. In a PDF they would add
 * nothing a reader can use (the note number is printed next to the text), and Chromium's time
 * grows faster than linearly with the number of in-document link targets (measured in
 * bench/render-pdf.js). The templates write those links as `<a href="#…">`; user text is
 * escaped, so no such tag comes from it.
 */
export function printable(html: string): string {
  return html.replace(/<a href="#[^"]*">([^<]*)<\/a>/g, '$1').replace('</head>', `<style>${PRINT_AT_SIZE}</style>\n</head>`);
}

/**
 * Two more things that grew Chromium's time faster than the number of notes (bench/render-pdf.js,
 * 2,500 vs 5,000 notes: 2.27x with them, 2.0x without): a fixed-position watermark repeated on
 * every page (the header and footer carry the marking instead), and `break-inside: avoid` on each
 * of thousands of notes (a one-line note rarely splits anyway).
 */
const PRINT_AT_SIZE = '.watermark { display: none; } .footnote { break-inside: auto; page-break-inside: auto; }';
