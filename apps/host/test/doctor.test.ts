import { spawn } from 'node:child_process';
import { createTestDatabase, freePort, viaPgBouncer, type TestDatabase } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN } from './helpers.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

function doctor(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [MAIN, 'doctor', ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** The run's own database; through PgBouncer its admin console too, so the budget covers it. */
const dbEnv = () => ({
  DATABASE_URL: database.url,
  MIGRATION_DATABASE_URL: database.directUrl,
  PGBOUNCER_ADMIN_URL: viaPgBouncer() ? process.env.PGBOUNCER_ADMIN_URL : undefined,
});

describe('mcp-writing doctor', () => {
  it('finds the database reachable, migrations current, and one host fitting the budget (exit 0)', async () => {
    const { code, stdout, stderr } = await doctor(['--replicas', '1'], dbEnv());
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toMatch(/reachable, PostgreSQL \d+/);
    expect(stdout).toMatch(/Migrations: current/);
    expect(stdout).toMatch(/max_connections \d+/);
    expect(stdout).toMatch(/client backends now/);
    expect(stdout).toMatch(/\[ok\]/);
    expect(stdout).toMatch(/Verdict: fits/);
    expect(code).toBe(0);
  });

  it('says 1000 hosts do not fit (exit 1) and names the settings to change', async () => {
    const { code, stdout } = await doctor(['--replicas', '1000', '--headroom', '3'], dbEnv());
    expect(stdout).toMatch(/\[NO\]/);
    expect(stdout).toMatch(/1000 hosts × DB_POOL_MAX 10 \+ headroom 3/);
    expect(stdout).toMatch(/10003 needed/);
    expect(stdout).toMatch(/Verdict: DOES NOT FIT/);
    expect(stdout).toMatch(/DB_POOL_MAX/);
    expect(stdout).toMatch(viaPgBouncer() ? /max_client_conn to 10003 or more/ : /max_connections to \d+ or more/);
    expect(code).toBe(1);
  });

  it('takes DB_POOL_MAX from the environment', async () => {
    const { code, stdout } = await doctor(['--replicas=2'], { ...dbEnv(), DB_POOL_MAX: '3' });
    expect(stdout).toMatch(/2 hosts × DB_POOL_MAX 3 \+ headroom 5/);
    expect(stdout).toMatch(/11 needed/);
    expect(code).toBe(0);
  });

  it('exits 2 with a readable message when the database is unreachable', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await doctor([], { DATABASE_URL: `postgres://nobody:secret@127.0.0.1:${port}/nothing` });
    expect(code).toBe(2);
    expect(stdout).toMatch(new RegExp(`Database nobody@127\\.0\\.0\\.1:${port}/nothing: NOT REACHABLE: .*ECONNREFUSED`));
    expect(stdout).toMatch(/Cannot check the budget/);
    expect(stdout + stderr).not.toMatch(/secret/);
    expect(stdout + stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 without DATABASE_URL, and on bad arguments with the usage', async () => {
    const unset = await doctor([], {});
    expect(unset.code).toBe(2);
    expect(unset.stdout).toMatch(/DATABASE_URL is not set/);
    const bad = await doctor(['--replicas', 'many'], dbEnv());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--replicas needs a whole number/);
    expect(bad.stderr).toMatch(/usage: mcp-writing doctor/);
  });
});
