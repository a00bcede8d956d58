import { definedOnly, notFound, pageFields, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as q from '../queries/authors.js';
import { authorBio, authorEmail, authorId, authorName, birthYear } from '../schemas.js';

export function registerAuthorRecordTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'list_authors',
    {
      title: 'List authors',
      description: 'Lists the authors in the story database, by name, with how many series each has.',
      inputSchema: z.object(pageFields()),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'list_authors', async () => {
        const [authors, total] = await Promise.all([q.listAuthors(db, args), q.countAuthors(db)]);
        return { authors, count: authors.length, total_count: total, limit: args.limit, offset: args.offset };
      }),
  );

  server.registerTool(
    'get_author',
    {
      title: 'Get an author',
      description: 'Gets one author with the series they write.',
      inputSchema: z.object({ author_id: authorId }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ author_id }) =>
      runTool(log, 'get_author', async () => {
        const author = await q.findAuthor(db, author_id);
        if (!author) throw notFound('author', author_id);
        const series = await q.seriesOfAuthor(db, author_id);
        return { author: { ...author, series } };
      }),
  );

  server.registerTool(
    'create_author',
    {
      title: 'Create an author',
      description: 'Creates an author. Series are created for an author with create_series.',
      inputSchema: z.object({
        name: authorName,
        email: authorEmail.optional(),
        bio: authorBio.optional(),
        birth_year: birthYear.optional(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'create_author', async () => {
        const author = await q.insertAuthor(db, definedOnly(args) as typeof args);
        return { author };
      }),
  );

  server.registerTool(
    'update_author',
    {
      title: 'Update an author',
      description: 'Changes an author\'s name, email, bio or birth year; fields left out keep their value.',
      inputSchema: z.object({
        author_id: authorId,
        name: authorName.optional(),
        email: authorEmail.optional(),
        bio: authorBio.optional(),
        birth_year: birthYear.optional(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ author_id, ...fields }) =>
      runTool(log, 'update_author', async () => {
        const changes = definedOnly(fields);
        if (Object.keys(changes).length === 0) {
          throw new ToolError('Nothing to update: give at least one of name, email, bio, birth_year.');
        }
        const author = await q.updateAuthor(db, author_id, changes);
        if (!author) throw notFound('author', author_id);
        return { author };
      }),
  );
}
