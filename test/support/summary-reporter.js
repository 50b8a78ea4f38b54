// Prints one plain closing line that CI systems read: "jest: N passed, N failed, N skipped".
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`;
    // Jest's own summary goes to stderr: write there so this stays the last line of the log,
    // and to stdout for readers of stdout alone.
    process.stderr.write(`\n${line}\n`);
    process.stdout.write(`${line}\n`);
  }
}
module.exports = SummaryReporter;
