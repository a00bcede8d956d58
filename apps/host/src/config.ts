import { z } from 'zod';
import { SERVER_NAMES, type ServerName } from './registry.js';

export interface HostConfig {
  host: string;
  port: number;
  /** Enabled servers, in registry order. */
  servers: ServerName[];
  /** Host header values accepted (DNS-rebinding protection), lower case, without port. */
  allowedHosts: string[];
  /** Bearer token required on /mcp and /metrics when set. */
  authToken: string | undefined;
  /** Largest accepted request body, bytes. */
  maxBodyBytes: number;
  /** How long shutdown waits for in-flight calls, ms. */
  shutdownTimeoutMs: number;
  /** Apply pending migrations at start (over MIGRATION_DATABASE_URL). */
  migrateOnStart: boolean;
  /** The original servers' per-port listeners, when LEGACY_PORTS turns them on. */
  legacy: LegacyConfig | undefined;
}

export interface LegacyConfig {
  /** Bind address of the legacy listeners. */
  host: string;
  /** Server -> port (0 = any free port), in registry order. */
  ports: [ServerName, number][];
  /** Largest number of open legacy SSE sessions, all ports together. */
  sseMaxSessions: number;
  /** An SSE session with no message for this long is closed, ms. */
  sseIdleMs: number;
}

/** The ports the original servers listened on: 3001 book-planning ... 3010 database-admin. */
export const LEGACY_DEFAULT_PORTS: Record<ServerName, number> = Object.fromEntries(
  SERVER_NAMES.map((name, i) => [name, 3001 + i]),
) as Record<ServerName, number>;

/**
 * LEGACY_PORTS: unset, "0", "false", "off" = no legacy listeners; "1", "true", "on" =
 * every registered server on its original port; "author=3009,database-admin=3010" =
 * exactly those (0 picks a free port).
 */
export function parseLegacyPorts(value: string | undefined, registered: readonly ServerName[]): [ServerName, number][] | undefined {
  const text = (value ?? '').trim().toLowerCase();
  if (['', '0', 'false', 'off', 'no'].includes(text)) return undefined;
  if (['1', 'true', 'on', 'yes'].includes(text)) return registered.map((name) => [name, LEGACY_DEFAULT_PORTS[name]]);
  const ports = new Map<ServerName, number>();
  for (const item of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z-]+)\s*[=:]\s*(\d{1,5})$/.exec(item);
    const name = match?.[1] as ServerName | undefined;
    const port = Number(match?.[2]);
    if (!match || !name || port > 65535) {
      throw new HostConfigError(`LEGACY_PORTS: "${item}" is not <server>=<port>; use 1 for the original ports (3001-3010) or e.g. author=3009,database-admin=3010`);
    }
    if (!(registered as readonly string[]).includes(name)) {
      throw new HostConfigError(`LEGACY_PORTS names unknown server "${name}". Valid names: ${registered.join(', ')}`);
    }
    ports.set(name, port);
  }
  const taken = [...ports.values()].filter((port, i, all) => port !== 0 && all.indexOf(port) !== i);
  if (taken.length > 0) throw new HostConfigError(`LEGACY_PORTS gives port ${taken[0]} to two servers`);
  return registered.filter((name) => ports.has(name)).map((name) => [name, ports.get(name)!]);
}

export class HostConfigError extends Error {
  override name = 'HostConfigError';
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1', '[::1]'];

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host.toLowerCase()) || host.startsWith('127.');
}

/**
 * Parses ACTIVE_MCP_SERVERS: comma-separated, whitespace tolerated, unset or
 * empty = every registered server. An unknown name is an error listing the valid ones.
 */
export function parseActiveServers(value: string | undefined, registered: readonly ServerName[]): ServerName[] {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
  if (names.length === 0) return [...registered];
  const unknown = names.filter((name) => !(SERVER_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new HostConfigError(
      `ACTIVE_MCP_SERVERS names unknown server(s): ${unknown.join(', ')}. Valid names: ${SERVER_NAMES.join(', ')}`,
    );
  }
  const notBuilt = names.filter((name) => !(registered as readonly string[]).includes(name));
  if (notBuilt.length > 0) {
    throw new HostConfigError(
      `ACTIVE_MCP_SERVERS names server(s) this build does not include yet: ${notBuilt.join(', ')}. Available: ${registered.join(', ')}`,
    );
  }
  return registered.filter((name) => names.includes(name));
}

const intVar = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max} (got "${value}")` });
        return z.NEVER;
      }
      return n;
    });

const hostEnv = z.object({
  PORT: intVar('PORT', 0, 65535, 3000),
  HOST: z.string().trim().optional(),
  MCP_ALLOWED_HOSTS: z.string().optional(),
  MCP_AUTH_TOKEN: z.string().optional(),
  MCP_MAX_BODY_BYTES: intVar('MCP_MAX_BODY_BYTES', 4 * 1024 * 1024, 256 * 1024 * 1024, 8 * 1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: intVar('SHUTDOWN_TIMEOUT_MS', 0, 120_000, 10_000),
  MIGRATE_ON_START: z.string().trim().optional(),
  LEGACY_HOST: z.string().trim().optional(),
  LEGACY_ALLOW_NO_AUTH: z.string().trim().optional(),
  LEGACY_SSE_MAX_SESSIONS: intVar('LEGACY_SSE_MAX_SESSIONS', 1, 10_000, 200),
  LEGACY_SSE_IDLE_MS: intVar('LEGACY_SSE_IDLE_MS', 1_000, 86_400_000, 30 * 60_000),
});

const truthy = (value: string | undefined) => ['1', 'true', 'yes', 'on'].includes((value ?? '').toLowerCase());

export function loadHostConfig(env: NodeJS.ProcessEnv, registered: readonly ServerName[]): HostConfig {
  const parsed = hostEnv.safeParse(env);
  if (!parsed.success) {
    throw new HostConfigError(`Invalid host configuration: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  const e = parsed.data;
  const host = e.HOST || '127.0.0.1';
  const authToken = e.MCP_AUTH_TOKEN?.trim() || undefined;
  if (!isLoopback(host) && !authToken) {
    throw new HostConfigError(
      `HOST=${host} is not a loopback address: set MCP_AUTH_TOKEN so that only clients with the token can reach the story database`,
    );
  }
  const legacyPorts = parseLegacyPorts(env.LEGACY_PORTS, registered);
  const legacyHost = e.LEGACY_HOST || host;
  if (legacyPorts && !isLoopback(legacyHost) && !authToken && !truthy(e.LEGACY_ALLOW_NO_AUTH)) {
    throw new HostConfigError(
      `LEGACY_HOST=${legacyHost} is not a loopback address: set MCP_AUTH_TOKEN, or LEGACY_ALLOW_NO_AUTH=1 when only trusted clients can reach these ports (the desktop app's clients send no token)`,
    );
  }
  const extraHosts = (e.MCP_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return {
    host,
    port: e.PORT,
    servers: parseActiveServers(env.ACTIVE_MCP_SERVERS, registered),
    allowedHosts: [...new Set([...LOOPBACK_HOSTS, ...extraHosts])],
    authToken,
    maxBodyBytes: e.MCP_MAX_BODY_BYTES,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    migrateOnStart: !['0', 'false', 'no', 'off'].includes((e.MIGRATE_ON_START ?? '').toLowerCase()),
    legacy: legacyPorts && {
      host: legacyHost,
      ports: legacyPorts,
      sseMaxSessions: e.LEGACY_SSE_MAX_SESSIONS,
      sseIdleMs: e.LEGACY_SSE_IDLE_MS,
    },
  };
}
