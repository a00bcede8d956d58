import { randomBytes } from 'node:crypto';
import { lstat, mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ToolError } from '@mcp-writing/toolkit';
import { shown } from '../queries/catalog.js';

const MAX_NAME = 255;

function inside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  if (rel === '' || path.isAbsolute(rel)) return false;
  return rel.split(path.sep)[0] !== '..';
}

/**
 * The one directory backups, exports and import files live in. Every file
 * name a caller gives is resolved inside it: absolute paths, path separators,
 * "." and "..", hidden names and links pointing outside are refused.
 */
export class BackupStore {
  #root: Promise<string> | undefined;

  constructor(readonly dir: string) {}

  /** The directory's real path, created on first use. */
  root(): Promise<string> {
    if (!this.#root) {
      const making = mkdir(this.dir, { recursive: true }).then(() => realpath(this.dir));
      this.#root = making;
      making.catch(() => {
        if (this.#root === making) this.#root = undefined;
      });
    }
    return this.#root;
  }

  /** `name` if it is a plain file name, or a ToolError naming `field`. */
  checkName(name: string, field: string): string {
    const refuse = (why: string) =>
      new ToolError(`${field} must be a plain file name inside the backup directory (${why}): got ${shown(name)}.`, 'forbidden');
    if (name.length === 0 || name.trim() !== name) throw refuse('not empty, no surrounding spaces');
    if (name.length > MAX_NAME) throw refuse(`at most ${MAX_NAME} characters`);
    if (path.isAbsolute(name) || path.win32.isAbsolute(name)) throw refuse('no absolute paths');
    if (/[/\\]/.test(name)) throw refuse('no "/" or "\\"');
    if (/[\u0000-\u001f]/.test(name)) throw refuse('no control characters');
    if (name === '.' || name === '..' || name.startsWith('.')) throw refuse('no ".", ".." or hidden names');
    return name;
  }

  /**
   * The real path of an existing regular file named `name` in the directory.
   * A symbolic link is followed only if its target is inside the directory.
   */
  async existing(name: string, field: string, entity = 'file'): Promise<string> {
    const root = await this.root();
    const full = path.join(root, this.checkName(name, field));
    let info;
    try {
      info = await lstat(full);
    } catch {
      throw new ToolError(`${entity} ${name} not found in the backup directory`, 'not_found');
    }
    let target = full;
    if (info.isSymbolicLink()) {
      try {
        target = await realpath(full);
      } catch {
        throw new ToolError(`${field} ${shown(name)} is a broken link.`, 'not_found');
      }
      if (!inside(root, target)) {
        throw new ToolError(`${field} ${shown(name)} is a link pointing outside the backup directory; refused.`, 'forbidden');
      }
      info = await stat(target);
    }
    if (!info.isFile()) throw new ToolError(`${field} ${shown(name)} is not a file.`);
    return target;
  }

  /** Whether `name` exists in the directory (no link following, no errors). */
  async exists(name: string): Promise<boolean> {
    const root = await this.root();
    try {
      await lstat(path.join(root, this.checkName(name, 'file')));
      return true;
    } catch {
      return false;
    }
  }

  /** A path for a file this server writes: a hidden temporary name, renamed into place by commit(). */
  async draft(name: string): Promise<{ temp: string; final: string; commit(): Promise<void>; discard(): Promise<void> }> {
    const root = await this.root();
    const final = path.join(root, this.checkName(name, 'file'));
    const temp = path.join(root, `.tmp-${randomBytes(4).toString('hex')}-${name}`);
    return {
      temp,
      final,
      commit: () => rename(temp, final),
      discard: () => rm(temp, { force: true }),
    };
  }

  /** Writes a small file atomically (temporary name, then rename). */
  async writeSmall(name: string, content: string): Promise<void> {
    const draft = await this.draft(name);
    try {
      await writeFile(draft.temp, content, { flag: 'wx' });
      await draft.commit();
    } catch (error) {
      await draft.discard();
      throw error;
    }
  }

  /** Removes a file of the directory given by its checked name (links are removed, never their targets). */
  async remove(name: string): Promise<void> {
    const root = await this.root();
    await rm(path.join(root, this.checkName(name, 'file')), { force: true });
  }
}

/** A sortable, unique stamp for file names: 20250102T030405123Z-1a2b3c. */
export function fileStamp(date = new Date()): string {
  return `${date.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}
