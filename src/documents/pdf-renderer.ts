import { Inject, Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import { chromium } from 'playwright-core';
import { unavailable } from '../common/domain-error';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';

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

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

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
      // The document is self-contained: no script runs and no network is needed.
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'Letter', printBackground: true, preferCSSPageSize: true });
    } finally {
      await browser.close();
    }
  }
}
