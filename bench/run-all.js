// Runs every benchmark in turn against the built code (npm run bench builds first), on SQLite
// and then on PostgreSQL (a fresh database on BENCH_PG_URL; BENCH_DATABASES=sqlite skips it).
// Each prints its own figures, the desk's as fractions of the reference server where one
// applies; the README records them with this command.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const databases = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim());
const benches = [
  ['sqlite', 'transitions-vs-reads.js', ['--seconds', '10']],
  ['sqlite', 'scale.js', []],
  ['sqlite', 'render-report.js', []],
  // No database: the report's PDF through the real templates and printer, once per run.
  ['sqlite', 'render-pdf.js', []],
  ['sqlite', 'journal-1m.js', []],
  ['postgres', 'transitions-vs-reads.js', ['--seconds', '10']],
  ['postgres', 'scale.js', []],
  ['postgres', 'journal-verify-pg.js', ['1000000']],
  ['sqlite', 'sign-in-flood.js', []],
];
let failed = false;
for (const [database, file, args] of benches) {
  if (!databases.includes(database)) continue;
  console.log(`\n== [${database}] bench/${file} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [path.join(__dirname, file), ...args], { stdio: 'inherit', env: { ...process.env, BENCH_DATABASE: database } });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
