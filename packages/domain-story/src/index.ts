/**
 * Story entities shared by the series-planning, book-planning and
 * chapter-planning servers: one field schema and one set of queries per
 * entity (series, books, chapters, plot threads, timeline events, locations,
 * organizations, world elements and systems), so that e.g. create_location
 * and update_location validate and store a location the same way.
 * Tools are registered by the servers; this package has no MCP types.
 */
export * from './fields.js';

export * from './schemas/ids.js';
export * from './schemas/series.js';
export * from './schemas/books.js';
export * from './schemas/chapters.js';
export * from './schemas/plot-threads.js';
export * from './schemas/timeline-events.js';
export * from './schemas/world.js';

export * from './queries/references.js';
export * from './queries/hierarchy.js';
export * from './queries/genres.js';
export * from './queries/series.js';
export * from './queries/books.js';
export * from './queries/chapters.js';
export * from './queries/plot-threads.js';
export * from './queries/timeline-events.js';
export * from './queries/locations.js';
export * from './queries/organizations.js';
export * from './queries/world-elements.js';
export * from './queries/world-systems.js';
export * from './queries/usage.js';
