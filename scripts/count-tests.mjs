#!/usr/bin/env node
// Sums vitest JSON reports (one per package, written when TEST_REPORT_DIR is
// set) and prints the closing line CI reads: "Tests: N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dirs = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
for (const dir of dirs) {
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const report = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    files += 1;
    passed += report.numPassedTests ?? 0;
    // A suite that failed to load counts as a failure even with no test in it.
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    const brokenFiles = (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
    ).length;
    failed += brokenFiles;
  }
}
process.stderr.write(`count-tests: ${files} report file(s), ${skipped} skipped\n`);
process.stdout.write(`Tests: ${passed} passed, ${failed} failed\n`);
