import { runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { listOptions, OPTION_TYPES } from '../queries/lookups.js';

export function registerOptionTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'get_available_options',
    {
      title: 'Get the accepted values of a lookup',
      description:
        'Lists the values other tools accept for a lookup (genres, plot thread types and statuses, relationship ' +
        'types between plot threads, story concerns/outcomes/judgments, scene purposes and types, writing ' +
        'statuses), with descriptions. genre_filter keeps only names containing the text.',
      inputSchema: z.object({
        option_type: z.enum(OPTION_TYPES).describe(`Which lookup to list: ${OPTION_TYPES.join(', ')}.`),
        genre_filter: z
          .string()
          .trim()
          .min(1, 'must not be empty')
          .max(50, 'must be at most 50 characters')
          .describe('Only values whose name contains this text (case-insensitive), e.g. "fiction".')
          .optional(),
        active_only: z.boolean().default(true).describe('Only values that are active (default true).'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ option_type, genre_filter, active_only }) =>
      runTool(log, 'get_available_options', async () => {
        const options = await listOptions(db, option_type, { activeOnly: active_only, nameContains: genre_filter });
        return { option_type, options, names: options.map((o) => o.name), count: options.length };
      }),
  );
}
