// Prints one plain closing line that CI systems read: "jest: N passed, N failed, N skipped".
// Written when the process exits, so that it follows Jest's own summary in the log.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`;
    process.once('exit', () => process.stderr.write(`${line}\n`));
  }
}
module.exports = SummaryReporter;
