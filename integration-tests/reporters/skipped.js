// Lists every skipped or todo test at the end of the run, so nothing is skipped silently.
class SkippedReporter {
  onRunComplete(_contexts, results) {
    const skipped = []
    for (const file of results.testResults) {
      for (const t of file.testResults) {
        if (t.status === "pending" || t.status === "todo" || t.status === "skipped") {
          skipped.push(`${file.testFilePath.replace(process.cwd() + "/", "")}: ${t.fullName}`)
        }
      }
    }
    if (skipped.length) {
      process.stdout.write(
        `\nSkipped tests (${skipped.length}) - each names its reason in its title:\n`
      )
      for (const s of skipped) process.stdout.write(`  - ${s}\n`)
    } else {
      process.stdout.write(
        `\nSkipped tests: none (${results.numPassedTests} passed, ${results.numFailedTests} failed)\n`
      )
    }
  }
}
module.exports = SkippedReporter
