import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr. stdout is reserved for the stdio MCP
 * transport, so nothing in this project writes there.
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino(
    { name: options.name ?? 'mcp-writing', level: options.level ?? process.env.LOG_LEVEL ?? 'info' },
    pino.destination({ fd: 2, sync: false }),
  );
}

/** A logger that drops everything (tests that assert on results, not logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Short id quoted to the client and written to the log for an internal error. */
export function newReference(): string {
  return randomBytes(4).toString('hex');
}
