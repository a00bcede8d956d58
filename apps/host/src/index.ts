export { SERVER_NAMES, REGISTRY, registeredServers, entryFor } from './registry.js';
export type { ServerName, ServerEntry } from './registry.js';
export { loadHostConfig, parseActiveServers, HostConfigError } from './config.js';
export type { HostConfig } from './config.js';
export { MultiplexTransport } from './multiplex-transport.js';
