#!/usr/bin/env node
// Prints `tests: N passed, N failed` from one or more Jest --json outputs. A suite that failed to run
// (a syntax error, a crash in beforeAll) has no failed assertions, so each counts as one failed
// test: a broken file must never read as green. Exits non-zero when anything failed or nothing ran.
const fs = require('node:fs');

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    console.log(`no Jest results in ${file}: ${err.message}`);
    failed += 1;
    continue;
  }
  const brokenSuites = report.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed'),
  ).length;
  passed += report.numPassedTests;
  failed += report.numFailedTests + brokenSuites;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
