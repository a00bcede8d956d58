#!/usr/bin/env node
// `npm start`: builds what the host needs (turbo skips what is up to date),
// then runs it. Arguments pass through, e.g. `npm start -- --stdio author`.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = spawnSync(
  'npx',
  ['turbo', 'run', 'build', '--filter=@mcp-writing/host...', '--output-logs=errors-only'],
  { cwd: root, stdio: ['ignore', 2, 2] },
);
if (built.status !== 0) {
  process.stderr.write('npm start: the build failed (see above)\n');
  process.exit(built.status ?? 1);
}
const child = spawn(process.execPath, [path.join(root, 'apps/host/dist/main.js'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
