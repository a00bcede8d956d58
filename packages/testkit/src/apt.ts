import { execFileSync } from 'node:child_process';

/**
 * Installs a Debian package with apt-get (through sudo when not root): a
 * fresh CI machine starts without the programs some tests drive.
 */
export function aptInstall(pkg: string): void {
  process.stderr.write(`${pkg}: not installed, installing the Debian package\n`);
  const root = process.getuid?.() === 0;
  const run = (args: string[]) =>
    execFileSync(root ? 'apt-get' : 'sudo', root ? args : ['apt-get', ...args], {
      stdio: ['ignore', 2, 2],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  run(['update', '-qq']);
  run(['install', '-y', '-qq', pkg]);
}
