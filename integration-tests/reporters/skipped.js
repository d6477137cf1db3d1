// Lists every skipped or todo test at the end of the run, grouped by why, so nothing is
// skipped silently. Suites that lack a system binary or service carry the reason in their
// title ("[skipped: chromium not usable (...); install: ...]", see helpers/system-binaries.ts).
const REASON = /\[skipped: (.+?)\]/

class SkippedReporter {
  onRunComplete(_contexts, results) {
    const byReason = new Map()
    let count = 0
    for (const file of results.testResults) {
      for (const t of file.testResults) {
        if (t.status !== "pending" && t.status !== "todo" && t.status !== "skipped") continue
        const match = REASON.exec(t.fullName)
        const reason = match
          ? match[1]
          : t.status === "todo"
            ? "todo"
            : "skipped in the test file (it.skip/describe.skip without a reason in its title)"
        const title = t.fullName
          .replace(/\s*\[skipped: .+?\]/, "")
          .replace(/\s+/g, " ")
          .trim()
        const list = byReason.get(reason) ?? []
        list.push(`${file.testFilePath.replace(process.cwd() + "/", "")}: ${title}`)
        byReason.set(reason, list)
        count++
      }
    }
    const totals = `${results.numPassedTests} passed, ${results.numFailedTests} failed`
    if (!count) {
      process.stdout.write(`\nSkipped tests: none (${totals})\n`)
      return
    }
    process.stdout.write(`\nSkipped tests: ${count} (${totals}), by reason:\n`)
    for (const [reason, tests] of byReason) {
      process.stdout.write(`\n  ${tests.length} skipped because: ${reason}\n`)
      for (const t of tests) process.stdout.write(`    - ${t}\n`)
    }
    process.stdout.write(
      "\nREQUIRE_SYSTEM_BINARIES=1 (set by .ci/run) turns a missing binary or service into a failure.\n"
    )
  }
}
module.exports = SkippedReporter
