import { contractDifferences, startServer, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCoreContinuityServer } from '../src/index.js';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServer('core-continuity', createCoreContinuityServer);
});
afterAll(() => h?.close());

it('offers exactly the tools and parameters of the contract, check_character_knowledge included', async () => {
  expect(await contractDifferences(h.client, 'core-continuity')).toEqual([]);
  const { tools } = await h.client.listTools();
  expect(tools).toHaveLength(9);
  expect(tools.map((t) => t.name)).toContain('check_character_knowledge');
});

it('is read-only and describes every parameter', async () => {
  const { tools } = await h.client.listTools();
  for (const tool of tools) {
    expect(tool.annotations?.readOnlyHint, `${tool.name} is read-only`).toBe(true);
    for (const [name, schema] of Object.entries((tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) {
      expect(schema.description, `${tool.name}.${name} has a description`).toBeTruthy();
    }
  }
});
