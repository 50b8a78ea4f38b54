// Runs every benchmark in turn against the built code (npm run bench builds first).
// Each prints its own figures; the README records them with this command.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const benches = [
  ['transitions-vs-reads.js', ['--seconds', '10']],
  ['render-report.js', []],
  ['journal-1m.js', []],
  ['sign-in-flood.js', []],
];
let failed = false;
for (const [file, args] of benches) {
  console.log(`\n== bench/${file} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [path.join(__dirname, file), ...args], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
