import { contractDifferences, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAdmin } from './helpers.js';

let h: ServerHarness;
beforeAll(async () => {
  h = await startAdmin();
});
afterAll(() => h?.close());

it('offers exactly the 25 tools and parameters of the contract', async () => {
  expect(await contractDifferences(h.client, 'database-admin')).toEqual([]);
  const { tools } = await h.client.listTools();
  expect(tools).toHaveLength(25);
});

it('marks read-only and destructive tools honestly and documents every parameter', async () => {
  const { tools } = await h.client.listTools();
  const readOnly = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name).sort();
  expect(readOnly).toEqual([
    'db_get_audit_summary',
    'db_get_relationships',
    'db_get_schema',
    'db_list_backups',
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
