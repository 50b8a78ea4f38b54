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
            pdf: () => new Promise<Buffer>((resolve) => setTimeout(() => resolve(Buffer.from('%PDF-fake')), 20)),
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
    const results = await Promise.all(Array.from({ length: 7 }, () => renderer.render('<p>x</p>')));
    expect(results.map((pdf) => pdf.toString())).toEqual(Array(7).fill('%PDF-fake'));
    expect(maxOpen).toBe(2);
    expect(open).toBe(0);
  });

  it('answers PDF_UNAVAILABLE when no Chromium is installed', async () => {
    const renderer = new PdfRenderer({ chromiumPath: '/nonexistent/chromium' } as AppConfig);
    await expect(renderer.render('<p>x</p>')).rejects.toMatchObject({ code: 'PDF_UNAVAILABLE', kind: 'unavailable' });
  });
});
