// Prints the report to Congress to PDF with the host's Chromium for cycles with many notes
// (one per evidence item), through the real view model, templates and PdfRenderer, and prints
// the seconds per size and the ratio between sizes. Requires the built code in dist/.
// Usage: npm run build && node bench/render-pdf.js [--items 5000,10000] [--runs 2]
const path = require('node:path');
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');
const { syntheticReportSources } = require('./report-sources');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
if (!fs.existsSync(path.join(dist, 'documents', 'pdf-renderer.js'))) {
  console.error('Run `npm run build` first (this benchmark uses dist/)');
  process.exit(1);
}
const { buildReportView } = require(path.join(dist, 'documents', 'report.view'));
const { documentInputs, inputsHash } = require(path.join(dist, 'documents', 'document-sources'));
const { PdfRenderer } = require(path.join(dist, 'documents', 'pdf-renderer'));
const { TemplateEngine } = require(path.join(dist, 'templates', 'template-engine'));
const { templateHelpers } = require(path.join(dist, 'templates', 'template-helpers'));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES = arg('items', '5000,10000').split(',').map(Number);
const RUNS = Number(arg('runs', '2'));
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

async function main() {
  const engine = new TemplateEngine(path.join(root, 'templates'), templateHelpers);
  const pdf = new PdfRenderer({ chromiumPath });
  const now = new Date('2015-10-15T12:00:00Z');
  const results = [];
  for (const items of SIZES) {
    const sources = syntheticReportSources(items);
    const view = buildReportView(sources, { now, final: false, inputsHash: inputsHash(documentInputs(sources)) });
    const html = engine.render('documents/report-to-congress.html', { ...view, journalCheckpoint: 'bench/journal, 0 entries', documentAuthor: 'Bench', documentSubject: 'Bench' }, 'document');
    const times = [];
    let bytes = 0;
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      bytes = (await pdf.render(html)).length;
      times.push((performance.now() - start) / 1000);
    }
    const best = Math.min(...times);
    results.push({ items, best });
    console.log(`${items} notes: ${times.map((t) => t.toFixed(2)).join(' s, ')} s (best ${best.toFixed(2)} s), ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
  }
  for (let i = 1; i < results.length; i++) {
    const ratio = results[i].best / results[i - 1].best;
    console.log(`${results[i].items} / ${results[i - 1].items} notes: ${ratio.toFixed(2)}x time for ${(results[i].items / results[i - 1].items).toFixed(1)}x notes`);
  }
  console.log('targets: 5,000 notes < 5 s; 10,000 notes <= 2.2 x 5,000');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
