import { contractDifferences, startServer, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBookPlanningServer, SERVER_NAME } from '../src/index.js';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServer(SERVER_NAME, createBookPlanningServer);
});
afterAll(() => h?.close());

it('offers exactly the tools and parameters of the contract', async () => {
  expect(await contractDifferences(h.client, 'book-planning')).toEqual([]);
});

it('marks read-only tools as such and describes every parameter', async () => {
  const { tools } = await h.client.listTools();
  expect(tools).toHaveLength(8);
  const readOnly = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name).sort();
  expect(readOnly).toEqual(['get_book', 'list_books']);
  for (const tool of tools) {
    expect(tool.description, tool.name).toBeTruthy();
    for (const [name, schema] of Object.entries((tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) {
      expect(schema.description, `${tool.name}.${name} has a description`).toBeTruthy();
    }
  }
});
