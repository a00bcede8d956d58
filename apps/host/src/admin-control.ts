import type { Logger } from '@mcp-writing/toolkit';
import type { Overrides, ServerStateFile, StateSource } from './admin-state.js';
import type { ServerName } from './registry.js';
import type { ServerCallStats, ServerSet } from './server-set.js';

export interface ServerState {
  name: ServerName;
  enabled: boolean;
  source: StateSource;
  /** "enabled (ACTIVE_MCP_SERVERS)", "disabled at run time", ... */
  label: string;
  /** When the run-time change was made (ISO), for source "run time". */
  changedAt?: string;
  tools: number;
  inFlight: number;
  stats: ServerCallStats;
}

/**
 * Enables and disables servers at run time and remembers each change in
 * servers.json: a change persists across restarts, and one that puts a
 * server back to what ACTIVE_MCP_SERVERS says drops the entry.
 */
export class ServerControl {
  readonly #fromEnv: ReadonlySet<ServerName>;
  #overrides: Overrides;
  #changing: Promise<unknown> = Promise.resolve();

  constructor(
    readonly servers: ServerSet,
    fromEnv: readonly ServerName[],
    overrides: Overrides,
    readonly file: ServerStateFile,
    readonly log: Logger,
  ) {
    this.#fromEnv = new Set(fromEnv);
    this.#overrides = new Map(overrides);
  }

  describe(name: ServerName): ServerState {
    const enabled = this.servers.has(name);
    const override = this.#overrides.get(name);
    const source: StateSource = override ? 'run time' : 'ACTIVE_MCP_SERVERS';
    return {
      name,
      enabled,
      source,
      label: override ? `${enabled ? 'enabled' : 'disabled'} at run time` : `${enabled ? 'enabled' : 'disabled'} (ACTIVE_MCP_SERVERS)`,
      ...(override?.changedAt ? { changedAt: override.changedAt } : {}),
      tools: this.servers.toolCount(name),
      inFlight: this.servers.inFlightOf(name),
      stats: this.servers.callStats(name),
    };
  }

  list(): ServerState[] {
    return this.servers.registered.map((name) => this.describe(name));
  }

  /** Saves the change, then applies it; changes run one at a time. */
  set(name: ServerName, enabled: boolean): Promise<ServerState> {
    const run = () => this.#apply(name, enabled);
    const next = this.#changing.then(run, run);
    this.#changing = next.catch(() => undefined);
    return next;
  }

  async #apply(name: ServerName, enabled: boolean): Promise<ServerState> {
    const before = this.#overrides;
    const after: Overrides = new Map(before);
    if (enabled === this.#fromEnv.has(name)) after.delete(name);
    else if (before.get(name)?.enabled !== enabled) after.set(name, { enabled, changedAt: new Date().toISOString() });
    if (!sameOverrides(before, after)) {
      await this.file.write(after);
      this.#overrides = after;
    }
    try {
      if (enabled) await this.servers.enable(name);
      else this.servers.disable(name);
    } catch (error) {
      // Building the server failed: keep the file telling the truth.
      this.#overrides = before;
      await this.file.write(before).catch(() => undefined);
      throw error;
    }
    this.log.info({ server: name, enabled, inFlight: this.servers.inFlightOf(name) }, enabled ? 'server enabled' : 'server disabled');
    return this.describe(name);
  }
}

function sameOverrides(a: Overrides, b: Overrides): boolean {
  if (a.size !== b.size) return false;
  for (const [name, o] of a) {
    const other = b.get(name);
    if (!other || other.enabled !== o.enabled || other.changedAt !== o.changedAt) return false;
  }
  return true;
}
