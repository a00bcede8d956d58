import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerName } from './registry.js';

/**
 * Run-time changes to which servers run, kept in a small JSON file so they
 * survive a restart: `<MCP_WRITING_STATE_DIR or <repo>/.data>/servers.json`.
 * An entry overrides ACTIVE_MCP_SERVERS for that server; a change back to
 * what ACTIVE_MCP_SERVERS says removes the entry.
 */

export interface Override {
  enabled: boolean;
  /** ISO time of the change. */
  changedAt: string;
}

export type Overrides = Map<ServerName, Override>;

/** Where a server's current state comes from, as the console and the API show it. */
export type StateSource = 'ACTIVE_MCP_SERVERS' | 'run time';

interface StateFileBody {
  version: 1;
  servers: Record<string, Override>;
}

export function stateDir(env: NodeJS.ProcessEnv, repoRoot: string): string {
  return env.MCP_WRITING_STATE_DIR?.trim() || path.join(repoRoot, '.data');
}

export class StateFileError extends Error {
  override name = 'StateFileError';
}

/** The servers.json file: read whole, written whole and atomically (temp file + rename). */
export class ServerStateFile {
  readonly file: string;
  #writing: Promise<void> = Promise.resolve();

  constructor(dir: string) {
    this.file = path.join(dir, 'servers.json');
  }

  /** Modification time in ms, or 0 when there is no file. */
  mtime(): number {
    try {
      return statSync(this.file).mtimeMs;
    } catch {
      return 0;
    }
  }

  /**
   * The overrides of registered servers. A missing file means none; an
   * unreadable one throws a StateFileError saying which file and why;
   * entries naming servers this build lacks are skipped (returned in `skipped`).
   */
  read(registered: readonly ServerName[]): { overrides: Overrides; skipped: string[] } {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { overrides: new Map(), skipped: [] };
      throw new StateFileError(`cannot read ${this.file}: ${(error as Error).message}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new StateFileError(`${this.file} is not valid JSON; fix or delete it`);
    }
    const servers = (body as Partial<StateFileBody> | null)?.servers;
    if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
      throw new StateFileError(`${this.file} has no "servers" object; fix or delete it`);
    }
    const overrides: Overrides = new Map();
    const skipped: string[] = [];
    for (const [name, entry] of Object.entries(servers)) {
      const enabled = (entry as Partial<Override> | null)?.enabled;
      if (!(registered as readonly string[]).includes(name) || typeof enabled !== 'boolean') {
        skipped.push(name);
        continue;
      }
      const changedAt = (entry as Partial<Override>).changedAt;
      overrides.set(name as ServerName, { enabled, changedAt: typeof changedAt === 'string' ? changedAt : '' });
    }
    return { overrides, skipped };
  }

  /** Replaces the file's content; writes are serialised so the last change wins. */
  write(overrides: Overrides): Promise<void> {
    const body: StateFileBody = { version: 1, servers: Object.fromEntries(overrides) };
    const text = `${JSON.stringify(body, null, 2)}\n`;
    const run = async () => {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      try {
        writeFileSync(temp, text, { mode: 0o644 });
        renameSync(temp, this.file);
      } catch (error) {
        rmSync(temp, { force: true });
        throw new StateFileError(`cannot write ${this.file}: ${(error as Error).message}`);
      }
    };
    const next = this.#writing.then(run, run);
    this.#writing = next.catch(() => undefined);
    return next;
  }
}

/** The servers to enable at start: ACTIVE_MCP_SERVERS, then each run-time override on top. */
export function effectiveServers(
  fromEnv: readonly ServerName[],
  overrides: Overrides,
  registered: readonly ServerName[],
): ServerName[] {
  return registered.filter((name) => overrides.get(name)?.enabled ?? fromEnv.includes(name));
}
