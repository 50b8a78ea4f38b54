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

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITEMS = arg('items', 5000);
const RUNS = arg('runs', 60);
const WITH_MD = process.argv.includes('--md');

const statute = JSON.parse(fs.readFileSync(path.join(root, 'data', 'statutes', 'mx-fy2014.json'), 'utf8'));
const hex = (n) => n.toString(16).padStart(64, '0');
const cases = statute.tranches[0].criteria.map((criterion, c) => ({
  id: `BENCH.${criterion.code}`,
  criterionCode: criterion.code,
  state: 'approved',
  version: 7,
  finding: { rating: 'not_met', rationale: 'r', narrative: 'A narrative of several sentences about the criterion & its <evidence>. '.repeat(8), approvedBy: 'reviewer', approvedAt: '2015-10-01T12:00:00.000Z' },
  proposedRating: 'not_met',
  criterion,
  evidence: [],
}));
for (let i = 0; i < ITEMS; i++) {
  cases[i % cases.length].evidence.push({
    evidenceId: `e-${i}`, revision: 1, kind: 'ngo_report', title: `Report ${i} on "detention" <practices> & [links](x)`,
    source: `Human Rights Centre ${i % 37}`, sourceDate: `2014-${String((i % 12) + 1).padStart(2, '0')}-15`, periodStart: '2014-01-01', periodEnd: '2014-12-31',
    url: `https://example.org/reports/${i}?a=1&b=2`, stance: i % 3 === 0 ? 'contradicts' : 'supports', reliability: 'B', credibility: 2, sensitivity: null, contentHash: hex(i),
  });
}
const sources = {
  cycle: { id: 'BENCH', fiscalYear: 2014, appropriatedCents: 3_333_333_334, withheldBasisPoints: 1500, withheldCents: 500_000_000, obligationDeadline: '2015-09-30' },
  statute, tranche: statute.tranches[0], recipient: statute.recipients[0], decision: null, cases, history: [], people: {},
};

const engine = new TemplateEngine(path.join(root, 'templates'), templateHelpers);
const now = new Date('2015-10-15T12:00:00Z');
function once() {
  const view = buildReportView(sources, { now, final: false, inputsHash: inputsHash(documentInputs(sources)) });
  const html = engine.render('documents/report-to-congress.html', view, 'document');
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
