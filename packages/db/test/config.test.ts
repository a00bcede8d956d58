import { describe, expect, it } from 'vitest';
import { ConfigError, loadDbConfig } from '../src/config.js';

const URL = 'postgres://app:secret@db.example:6432/writing';

describe('loadDbConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadDbConfig({ DATABASE_URL: URL });
    expect(config).toMatchObject({
      databaseUrl: URL,
      migrationDatabaseUrl: URL,
      poolMax: 10,
      poolMin: 0,
      idleTimeoutMs: 10_000,
      maxPerServer: 10,
      connectionTimeoutMs: 5_000,
      applicationName: 'mcp-writing',
    });
  });

  it('reads every variable from strings, as docker-compose passes them', () => {
    const config = loadDbConfig({
      DATABASE_URL: URL,
      MIGRATION_DATABASE_URL: 'postgresql://app:secret@db.example:5432/writing',
      DB_POOL_MAX: '5',
      DB_POOL_MIN: '1',
      DB_POOL_IDLE_TIMEOUT: '10000',
      DB_POOL_MAX_PER_SERVER: ' 3 ',
      DB_POOL_CONNECTION_TIMEOUT: '2500',
    });
    expect(config).toMatchObject({
      migrationDatabaseUrl: 'postgresql://app:secret@db.example:5432/writing',
      poolMax: 5,
      poolMin: 1,
      idleTimeoutMs: 10_000,
      maxPerServer: 3,
      connectionTimeoutMs: 2500,
    });
  });

  it('ignores POSTGRES_*, DB_HOST and other extra variables', () => {
    const config = loadDbConfig({
      DATABASE_URL: URL,
      POSTGRES_HOST: 'elsewhere',
      POSTGRES_PORT: '6432',
      DB_HOST: 'other',
      DB_PORT: '1',
      DB_NAME: 'x',
      DIRECT_DATABASE_URL: 'postgres://x@y/z',
    } as Record<string, string>);
    expect(config.databaseUrl).toBe(URL);
    expect(config.migrationDatabaseUrl).toBe(URL);
  });

  it('treats empty variables as unset', () => {
    const config = loadDbConfig({ DATABASE_URL: URL, DB_POOL_MAX: '', DB_POOL_MIN: '  ' });
    expect(config.poolMax).toBe(10);
    expect(config.poolMin).toBe(0);
  });

  it.each([
    [{}, /DATABASE_URL is not set/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /DATABASE_URL must be a postgres/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL must be a postgres/],
    [{ DATABASE_URL: URL, DB_POOL_MAX: 'ten' }, /DB_POOL_MAX must be a whole number/],
    [{ DATABASE_URL: URL, DB_POOL_MAX: '0' }, /DB_POOL_MAX must be at least 1/],
    [{ DATABASE_URL: URL, DB_POOL_MAX: '-3' }, /DB_POOL_MAX must be a whole number/],
    [{ DATABASE_URL: URL, DB_POOL_MIN: '1.5' }, /DB_POOL_MIN must be a whole number/],
    [{ DATABASE_URL: URL, DB_POOL_CONNECTION_TIMEOUT: '0' }, /DB_POOL_CONNECTION_TIMEOUT must be at least 1/],
    [{ DATABASE_URL: URL, DB_POOL_IDLE_TIMEOUT: '5' }, /DB_POOL_IDLE_TIMEOUT must be at least 100/],
    [{ DATABASE_URL: URL, DB_POOL_MAX: '5', DB_POOL_MIN: '6' }, /DB_POOL_MIN \(6\) must not exceed DB_POOL_MAX \(5\)/],
    [
      { DATABASE_URL: URL, DB_POOL_MAX: '5', DB_POOL_MAX_PER_SERVER: '8' },
      /DB_POOL_MAX_PER_SERVER \(8\) must not exceed DB_POOL_MAX \(5\)/,
    ],
    [{ DATABASE_URL: URL, MIGRATION_DATABASE_URL: 'http://x' }, /MIGRATION_DATABASE_URL must be a postgres/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadDbConfig(env)).toThrowError(ConfigError);
    expect(() => loadDbConfig(env)).toThrowError(message);
  });

  it('names every bad variable at once', () => {
    expect(() => loadDbConfig({ DATABASE_URL: URL, DB_POOL_MAX: 'x', DB_POOL_MIN: 'y' })).toThrowError(
      /DB_POOL_MAX.*DB_POOL_MIN/,
    );
  });
});
