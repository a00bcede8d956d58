/**
 * Writing-domain tools offered by more than one server (scene and review):
 * each lives here once, as a register function both servers call, with the
 * queries and analysis it needs. Helpers the servers share (word counting,
 * keeping word totals right, dates, goal progress) are exported too.
 */
import type { ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerCheckStructureViolationsTool } from './tools/check-structure-violations.js';
import { registerGetWritingProgressTool } from './tools/get-writing-progress.js';
import { registerValidateBeatPlacementTool } from './tools/validate-beat-placement.js';
import { registerValidateChapterStructureTool } from './tools/validate-chapter-structure.js';
import { registerWordCountTrackingTool } from './tools/word-count-tracking.js';

export {
  registerCheckStructureViolationsTool,
  registerGetWritingProgressTool,
  registerValidateBeatPlacementTool,
  registerValidateChapterStructureTool,
  registerWordCountTrackingTool,
};

/** The five shared tools, for a server that offers all of them (scene, review). */
export function registerSharedWritingTools(server: McpServer, deps: ServerDeps): void {
  registerValidateChapterStructureTool(server, deps);
  registerValidateBeatPlacementTool(server, deps);
  registerCheckStructureViolationsTool(server, deps);
  registerWordCountTrackingTool(server, deps);
  registerGetWritingProgressTool(server, deps);
}

export { countWords } from './words.js';
export { currentWords } from './analysis/writing-progress.js';
export { recomputeWordTotals } from './word-totals.js';
export type { WordTotals } from './word-totals.js';
export { addDays, databaseToday, daysBetween, minutesOfDay, monthStartOf, weekdayOf, weekStartOf, WEEKDAYS } from './dates.js';
export { GOAL_TYPES, goalProgress } from './goals.js';
export type { GoalContext, GoalProgress, GoalType } from './goals.js';
export { requireBook, findBook } from './queries/books.js';
export type { BookInfo } from './queries/books.js';
export { requireChaptersOfBook } from './queries/chapters.js';
export { chaptersOfBook, scenesOfBook } from './queries/manuscript.js';
export type { ChapterRow, SceneRow } from './queries/manuscript.js';
export { activeGoalsOfBook, sessionsOfBook, isDoneStatus, DONE_CHAPTER_STATUSES } from './queries/sessions.js';
export type { GoalRow, SessionRow } from './queries/sessions.js';
export { atLeast, countBySeverity, sortFindings, round, percent } from './findings.js';
export type { Finding, Severity } from './findings.js';
export { correlation, lengthStats } from './analysis/stats.js';
export { dateField, idListField, severity } from './schemas.js';
export { STANDARD_BEATS } from './analysis/beat-placement.js';
