import { existsSync } from 'node:fs';
import { aptInstall } from './apt.js';

/** Debian's Chromium: what the browser tests drive with playwright-core (no downloaded browser). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a headless, quiet Chromium in CI: no sandbox (containers run as
 * root), no GPU, and nothing that reaches the network on its own.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Installs Debian's chromium package when /usr/bin/chromium is missing (a
 * fresh CI machine starts without it) and returns the executable's path.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  aptInstall('chromium');
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is missing`);
  return CHROMIUM_PATH;
}
