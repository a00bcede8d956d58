import { contractDifferences, specTools, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAdmin } from './helpers.js';

let h: ServerHarness;
beforeAll(async () => {
  h = await startAdmin();
});
afterAll(() => h?.close());

/** Tools beyond the contract's 25, both called by the desktop app (spec/legacy-clients.md). */
const EXTRA_TOOLS = ['db_list_columns', 'db_get_server_info'];

/**
 * The only parameters beyond the contract: the desktop app's camelCase names
 * (aliases of a snake_case parameter, or flags it sends that change nothing).
 * Each must be optional and say it is for the desktop app.
 */
const DESKTOP_APP_PARAMS: Record<string, string[]> = {
  db_query_records: ['orderBy'],
  db_insert_record: ['returnRecord'],
  db_update_records: ['returnRecords'],
  db_delete_records: ['softDelete'],
  db_batch_delete: ['softDelete'],
  db_get_schema: ['includeConstraints', 'includeIndexes'],
  db_query_audit_logs: ['startDate', 'endDate'],
  db_get_audit_summary: ['startDate', 'endDate'],
};

/** Deliberate departures from the contract's parameter list, each for the desktop app. */
const DEPARTURES = [
  // The desktop app calls it without a table to draw the whole graph.
  'db_get_relationships.table is not required, want required',
];

it('offers the 25 tools and parameters of the contract, plus the two the desktop app calls', async () => {
  expect(await contractDifferences(h.client, 'database-admin', { extraTools: EXTRA_TOOLS })).toEqual(DEPARTURES);
  const { tools } = await h.client.listTools();
  expect(tools).toHaveLength(27);
  expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(EXTRA_TOOLS));
});

it('adds parameters only where the desktop app needs them, each optional and described as such', async () => {
  const spec = specTools('database-admin');
  const { tools } = await h.client.listTools();
  for (const [name, contract] of Object.entries(spec)) {
    const tool = tools.find((t) => t.name === name);
    const properties = (tool?.inputSchema.properties ?? {}) as Record<string, { description?: string }>;
    const extra = Object.keys(properties).filter((p) => !(p in contract.params));
    expect(extra.sort(), `${name}: parameters beyond the contract`).toEqual([...(DESKTOP_APP_PARAMS[name] ?? [])].sort());
    for (const param of extra) {
      expect(tool?.inputSchema.required ?? [], `${name}.${param} is optional`).not.toContain(param);
      expect(properties[param]?.description, `${name}.${param}`).toMatch(/for the desktop app/);
    }
  }
});

it('offers db_list_columns with exactly the parameters of db_list_table_columns, and db_get_server_info with none required', async () => {
  const { tools } = await h.client.listTools();
  const byName = new Map(tools.map((t) => [t.name, t]));
  expect(byName.get('db_list_columns')?.inputSchema).toEqual(byName.get('db_list_table_columns')?.inputSchema);
  expect(byName.get('db_list_columns')?.description).toMatch(/^Alias of db_list_table_columns, for the desktop app/);
  expect(byName.get('db_get_server_info')?.inputSchema.required ?? []).toEqual([]);
});

it('marks read-only and destructive tools honestly and documents every parameter', async () => {
  const { tools } = await h.client.listTools();
  const readOnly = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name).sort();
  expect(readOnly).toEqual([
    'db_get_audit_summary',
    'db_get_relationships',
    'db_get_schema',
    'db_get_server_info',
    'db_list_backups',
    'db_list_columns',
    'db_list_table_columns',
    'db_list_tables',
    'db_query_audit_logs',
    'db_query_records',
    'db_validate_backup',
  ]);
  const destructive = tools.filter((t) => t.annotations?.destructiveHint).map((t) => t.name).sort();
  expect(destructive).toEqual([
    'db_batch_delete',
    'db_batch_update',
    'db_delete_backup',
    'db_delete_records',
    'db_import_csv',
    'db_import_json',
    'db_restore_full',
    'db_restore_table',
    'db_update_records',
  ]);
  for (const tool of tools) {
    expect(tool.description, tool.name).toBeTruthy();
    for (const [name, schema] of Object.entries((tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) {
      expect(schema.description, `${tool.name}.${name} has a description`).toBeTruthy();
    }
  }
});

it('documents the where grammar wherever a where is accepted', async () => {
  const { tools } = await h.client.listTools();
  for (const name of ['db_query_records', 'db_update_records', 'db_delete_records', 'db_export_json', 'db_export_csv']) {
    const tool = tools.find((t) => t.name === name);
    const where = (tool?.inputSchema.properties as Record<string, { description?: string }>).where;
    expect(where?.description, name).toMatch(/"in"/);
    expect(where?.description, name).toMatch(/ilike/);
    expect(where?.description, name).toMatch(/is_null/);
    expect(where?.description, name).toMatch(/parameters/);
  }
});
