/** Kept apart from registry.ts so that light entry points (the stdio bridge) load no server code. */
/** The ten servers of the system, in the order of their legacy ports (3001-3010). */
export const SERVER_NAMES = [
  'book-planning',
  'series-planning',
  'chapter-planning',
  'character-planning',
  'scene',
  'core-continuity',
  'review',
  'reporting',
  'author',
  'database-admin',
] as const;

export type ServerName = (typeof SERVER_NAMES)[number];
