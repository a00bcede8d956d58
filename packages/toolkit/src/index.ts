export { createLogger, silentLogger, newReference } from './logger.js';
export type { Logger } from './logger.js';
export { ok, fail, ERROR_KIND_META, STRUCTURED_TEXT } from './results.js';
export type { OkResult } from './results.js';
export { ToolError, notFound } from './tool-error.js';
export type { ToolErrorKind } from './tool-error.js';
export { runTool, toolErrorResult } from './handler.js';
export type { ServerDeps } from './server-deps.js';
export { idField, intField, textField, longTextField, pageFields, definedOnly, PG_INT_MAX } from './fields.js';
