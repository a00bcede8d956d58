import { contractDifferences, startServer, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createReportingServer } from '../src/index.js';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServer('reporting', createReportingServer);
});
afterAll(() => h?.close());

it('offers exactly generate_report with the contract parameters', async () => {
  expect(await contractDifferences(h.client, 'reporting')).toEqual([]);
  const { tools } = await h.client.listTools();
  expect(tools.map((t) => t.name)).toEqual(['generate_report']);
});

it('marks the report read-only and documents every parameter', async () => {
  const { tools } = await h.client.listTools();
  expect(tools[0]?.annotations?.readOnlyHint).toBe(true);
  for (const [name, schema] of Object.entries((tools[0]?.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) {
    expect(schema.description, name).toBeTruthy();
  }
});
