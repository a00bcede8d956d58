import { contractDifferences, startServer, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createReviewServer, SERVER_NAME } from '../src/index.js';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServer('review', createReviewServer);
});
afterAll(() => h?.close());

it('offers exactly the tools and parameters of the contract', async () => {
  expect(SERVER_NAME).toBe('review');
  expect(await contractDifferences(h.client, 'review')).toEqual([]);
});

it('marks read-only tools as such and documents every parameter', async () => {
  const { tools } = await h.client.listTools();
  const readOnly = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name).sort();
  expect(readOnly).toEqual(
    [
      'check_structure_violations',
      'check_world_consistency',
      'get_productivity_analytics',
      'get_writing_progress',
      'validate_beat_placement',
      'validate_chapter_structure',
      'word_count_tracking',
    ].sort(),
  );
  for (const tool of tools) {
    expect(tool.description, tool.name).toBeTruthy();
    if (!tool.annotations?.readOnlyHint) expect(tool.annotations?.destructiveHint, tool.name).toBe(false);
    for (const [name, schema] of Object.entries((tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) {
      expect(schema.description, `${tool.name}.${name} has a description`).toBeTruthy();
    }
  }
});
