// Prints plain closing lines that CI systems read: which database legs ran or were skipped,
// and "jest: N passed, N failed, N skipped". Written when the process exits, so that they
// follow Jest's own summary in the log.
const LEGS = ['sqlite', 'postgres'];

function legLine(results) {
  // The global setup decides the legs (and sets TEST_DATABASES) before any suite runs.
  const wanted = (process.env.TEST_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim());
  const counts = Object.fromEntries(LEGS.map((leg) => [leg, 0]));
  for (const file of results.testResults) {
    for (const test of file.testResults) {
      if (test.status !== 'passed' && test.status !== 'failed') continue;
      for (const leg of LEGS) if (test.fullName.includes(`(${leg})`)) counts[leg] += 1;
    }
  }
  const parts = LEGS.map((leg) => {
    if (!wanted.includes(leg)) return `${leg} skipped (not in TEST_DATABASES=${wanted.join(',')})`;
    return counts[leg] > 0 ? `${leg} ran (${counts[leg]} tests)` : `${leg} selected, no test of it in this run`;
  });
  return `database legs: ${parts.join('; ')}`;
}

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const lines = [
      legLine(results),
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`,
    ];
    process.once('exit', () => process.stderr.write(`${lines.join('\n')}\n`));
  }
}
module.exports = SummaryReporter;
