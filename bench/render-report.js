// Renders the report to Congress (view model + HTML through the real templates) for a cycle
// with many evidence items, repeatedly, and prints median and p99 milliseconds. No server,
// no database: the time is the rendering's own. Requires the built code in dist/.
// Usage: npm run build && node bench/render-report.js [--items 5000] [--runs 60] [--md]
const path = require('node:path');
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
if (!fs.existsSync(path.join(dist, 'documents', 'report.view.js'))) {
  console.error('Run `npm run build` first (this benchmark uses dist/)');
  process.exit(1);
}
const { buildReportView } = require(path.join(dist, 'documents', 'report.view'));
const { documentInputs, inputsHash } = require(path.join(dist, 'documents', 'document-sources'));
const { TemplateEngine } = require(path.join(dist, 'templates', 'template-engine'));
const { templateHelpers } = require(path.join(dist, 'templates', 'template-helpers'));
const { syntheticReportSources } = require('./report-sources');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITEMS = arg('items', 5000);
const RUNS = arg('runs', 60);
const WITH_MD = process.argv.includes('--md');

const sources = syntheticReportSources(ITEMS);

const engine = new TemplateEngine(path.join(root, 'templates'), templateHelpers);
const now = new Date('2015-10-15T12:00:00Z');
function once() {
  const view = buildReportView(sources, { now, final: false, inputsHash: inputsHash(documentInputs(sources)) });
  const html = engine.render('documents/report-to-congress.html', { ...view, journalCheckpoint: 'bench/journal, 0 entries', documentAuthor: 'Bench', documentSubject: 'Bench' }, 'document');
  const md = WITH_MD ? engine.render('documents/report-to-congress.md', view) : '';
  return html.length + md.length;
}

for (let i = 0; i < 5; i++) once(); // warm-up: JIT and Handlebars' first-call paths
const times = [];
let bytes = 0;
for (let i = 0; i < RUNS; i++) {
  const start = performance.now();
  bytes = once();
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
console.log(`report ${WITH_MD ? 'HTML+Markdown' : 'HTML'}, ${ITEMS} evidence items, ${RUNS} runs, ${(bytes / 1024).toFixed(0)} KiB output`);
console.log(`median ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (target: HTML < 300 ms)`);
