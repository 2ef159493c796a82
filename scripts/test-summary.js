#!/usr/bin/env node
// Prints `tests: N passed, N failed` from Jest's --json output. A suite that failed to run (a syntax
// error, a crash in beforeAll) has no test results, so each counts as one failed test: a broken file
// must never read as green. Exits non-zero when anything failed or nothing ran.
const fs = require('node:fs');

const file = process.argv[2];
let report;
try {
  report = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (err) {
  console.log(`no Jest results in ${file}: ${err.message}`);
  console.log('tests: 0 passed, 1 failed');
  process.exit(1);
}
const brokenSuites = report.testResults.filter(
  (s) => s.status === 'failed' && s.assertionResults.every((a) => a.status !== 'failed'),
).length;
const passed = report.numPassedTests;
const failed = report.numFailedTests + brokenSuites;
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
