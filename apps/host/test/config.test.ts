import { describe, expect, it } from 'vitest';
import { HostConfigError, loadHostConfig, parseActiveServers } from '../src/config.js';

describe('parseActiveServers', () => {
  const registered = ['book-planning', 'author', 'database-admin'] as const;
  it('means every registered server when unset or empty', () => {
    expect(parseActiveServers(undefined, registered)).toEqual(registered);
    expect(parseActiveServers(' , ', registered)).toEqual(registered);
  });
  it('tolerates whitespace and case and keeps registry order', () => {
    expect(parseActiveServers(' Database-Admin ,author', registered)).toEqual(['author', 'database-admin']);
  });
  it('names unknown servers and lists the valid ones', () => {
    expect(() => parseActiveServers('author,nope', registered)).toThrowError(HostConfigError);
    expect(() => parseActiveServers('author,nope', registered)).toThrowError(/unknown server\(s\): nope\. Valid names: book-planning/);
  });
  it('says when a valid server is not in this build', () => {
    expect(() => parseActiveServers('scene', registered)).toThrowError(/does not include yet: scene/);
  });
});

describe('loadHostConfig', () => {
  it('defaults to loopback on port 3000 with a 8 MiB body limit', () => {
    const config = loadHostConfig({}, ['author']);
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, servers: ['author'], maxBodyBytes: 8 * 1024 * 1024, migrateOnStart: true });
    expect(config.allowedHosts).toContain('localhost');
  });
  it('adds MCP_ALLOWED_HOSTS and requires a token off loopback', () => {
    expect(() => loadHostConfig({ HOST: '0.0.0.0' }, ['author'])).toThrowError(/MCP_AUTH_TOKEN/);
    const config = loadHostConfig({ HOST: '0.0.0.0', MCP_AUTH_TOKEN: 't', MCP_ALLOWED_HOSTS: 'Writing.Local, host' }, ['author']);
    expect(config.allowedHosts).toEqual(expect.arrayContaining(['writing.local', 'host']));
  });
  it('rejects a body limit under 4 MiB and a bad port, naming them', () => {
    expect(() => loadHostConfig({ MCP_MAX_BODY_BYTES: '1000' }, ['author'])).toThrowError(/MCP_MAX_BODY_BYTES/);
    expect(() => loadHostConfig({ PORT: 'http' }, ['author'])).toThrowError(/PORT must be/);
  });
});
