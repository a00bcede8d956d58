import { contractDifferences, startServer, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCharacterPlanningServer } from '../src/index.js';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServer('character-planning', createCharacterPlanningServer);
});
afterAll(() => h?.close());

it('offers exactly the tools and parameters of the contract, check_character_knowledge included', async () => {
  expect(await contractDifferences(h.client, 'character-planning')).toEqual([]);
  const { tools } = await h.client.listTools();
  expect(tools).toHaveLength(11);
  expect(tools.map((t) => t.name)).toContain('check_character_knowledge');
});

it('marks read-only tools as such and describes every parameter', async () => {
  const { tools } = await h.client.listTools();
  const readOnly = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name).sort();
  expect(readOnly).toEqual(['check_character_knowledge', 'list_characters', 'list_relationship_arcs']);
  for (const tool of tools) {
    expect(tool.annotations?.destructiveHint ?? false, `${tool.name} deletes nothing`).toBe(false);
    for (const [name, schema] of Object.entries((tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) {
      expect(schema.description, `${tool.name}.${name} has a description`).toBeTruthy();
    }
  }
});
