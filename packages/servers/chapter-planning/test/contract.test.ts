import { contractDifferences, startServer, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createChapterPlanningServer, SERVER_NAME } from '../src/index.js';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServer(SERVER_NAME, createChapterPlanningServer);
});
afterAll(() => h?.close());

it('offers exactly the tools and parameters of the contract', async () => {
  expect(await contractDifferences(h.client, 'chapter-planning')).toEqual([]);
});

it('marks read-only tools as such and describes every parameter', async () => {
  const { tools } = await h.client.listTools();
  expect(tools).toHaveLength(19);
  const readOnly = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name).sort();
  expect(readOnly).toEqual(['book_get_chapter', 'book_list_chapters', 'character_get_characters_who_know']);
  for (const tool of tools) {
    expect(tool.description, tool.name).toBeTruthy();
    for (const [name, schema] of Object.entries((tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) {
      expect(schema.description, `${tool.name}.${name} has a description`).toBeTruthy();
    }
  }
});
