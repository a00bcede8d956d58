import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const GLOBAL_SETUP = fileURLToPath(new URL('./global-setup.js', import.meta.url));

export interface TestProjectOptions {
  /** The package directory (import.meta.dirname of its vitest.config.ts). */
  dir: string;
  testTimeout?: number;
}

/**
 * The vitest config every package uses: its global setup, generous timeouts
 * for a real database, and a JSON report per package when TEST_REPORT_DIR is
 * set (CI counts passed/failed tests from those files).
 */
export function testProjectConfig(options: TestProjectOptions) {
  const pkg = JSON.parse(readFileSync(path.join(options.dir, 'package.json'), 'utf8')) as { name: string };
  const reportDir = process.env.TEST_REPORT_DIR;
  const reporters: (string | [string, Record<string, unknown>])[] = ['default'];
  if (reportDir) {
    const file = `${pkg.name.replace(/^@/, '').replace(/\//g, '__')}.json`;
    reporters.push(['json', { outputFile: path.resolve(reportDir, file) }]);
  }
  return {
    test: {
      name: pkg.name,
      root: options.dir,
      include: ['test/**/*.test.ts'],
      globalSetup: [GLOBAL_SETUP],
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: 120_000,
      reporters,
    },
  };
}
