import { PdfRenderer } from './pdf-renderer';
import type { AppConfig } from '../config/app-config';

// A stand-in for Chromium that counts how many browsers are open at once.
let open = 0;
let maxOpen = 0;
jest.mock('playwright-core', () => ({
  chromium: {
    launch: async () => {
      open++;
      maxOpen = Math.max(maxOpen, open);
      return {
        newContext: async () => ({
          newPage: async () => ({
            setContent: async () => undefined,
            // A real (empty) PDF, so the metadata step after printing has something to read.
            pdf: async () => {
              const { PDFDocument } = jest.requireActual('@cantoo/pdf-lib');
              const doc = await PDFDocument.create();
              doc.addPage();
              await new Promise((resolve) => setTimeout(resolve, 20));
              return Buffer.from(await doc.save());
            },
          }),
        }),
        close: async () => {
          open--;
        },
      };
    },
  },
}));

describe('PdfRenderer', () => {
  it('prints at most two documents at once and serves every request', async () => {
    const renderer = new PdfRenderer({ chromiumPath: process.execPath } as AppConfig);
    const results = await Promise.all(Array.from({ length: 7 }, () => renderer.render('<title>T</title><p>x</p>')));
    expect(results.map((pdf) => pdf.subarray(0, 5).toString())).toEqual(Array(7).fill('%PDF-'));
    expect(maxOpen).toBe(2);
    expect(open).toBe(0);
  });

  it('answers PDF_UNAVAILABLE when no Chromium is installed', async () => {
    const renderer = new PdfRenderer({ chromiumPath: '/nonexistent/chromium' } as AppConfig);
    await expect(renderer.render('<p>x</p>')).rejects.toMatchObject({ code: 'PDF_UNAVAILABLE', kind: 'unavailable' });
  });
});
