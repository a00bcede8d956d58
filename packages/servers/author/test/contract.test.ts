import { contractDifferences, startServer, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAuthorServer } from '../src/index.js';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServer('author', createAuthorServer);
});
afterAll(() => h?.close());

it('offers exactly the tools and parameters of the contract', async () => {
  expect(await contractDifferences(h.client, 'author')).toEqual([]);
});

it('marks read-only tools as such', async () => {
  const { tools } = await h.client.listTools();
  const readOnly = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name).sort();
  expect(readOnly).toEqual(['get_author', 'list_authors']);
  for (const tool of tools) {
    for (const [name, schema] of Object.entries((tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) {
      expect(schema.description, `${tool.name}.${name} has a description`).toBeTruthy();
    }
  }
});
