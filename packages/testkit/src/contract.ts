import { readFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

/** One parameter as the original system's contract states it (spec/tools.md). */
export interface SpecParam {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  required: boolean;
  items?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
}

export interface SpecTool {
  params: Record<string, SpecParam>;
  alsoIn: string[];
}

/** Extracted once from the shared spec's tools.md; the contract tests compare live servers with it. */
export function specTools(server: string): Record<string, SpecTool> {
  const all = JSON.parse(readFileSync(new URL('../spec/tools.json', import.meta.url), 'utf8')) as Record<
    string,
    Record<string, SpecTool>
  >;
  const tools = all[server];
  if (!tools) throw new Error(`no server named ${server} in the tool contract`);
  return tools;
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
}

function typesOf(schema: JsonSchema): string[] {
  if (schema.anyOf) return schema.anyOf.flatMap(typesOf);
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

/**
 * Lists the server's tools through a real client and returns every difference
 * from the contract: missing tools, unexpected tools, and per parameter a
 * missing name, another type, required-ness, enum values or bounds. Empty
 * when the server keeps the contract.
 */
export async function contractDifferences(
  client: Client,
  server: string,
  options: { extraTools?: string[] } = {},
): Promise<string[]> {
  const spec = specTools(server);
  const { tools } = await client.listTools();
  const live = new Map(tools.map((tool) => [tool.name, tool]));
  const problems: string[] = [];
  for (const name of Object.keys(spec)) if (!live.has(name)) problems.push(`missing tool ${name}`);
  for (const name of live.keys()) {
    if (!(name in spec) && !options.extraTools?.includes(name)) problems.push(`tool ${name} is not in the contract`);
  }
  for (const [name, tool] of Object.entries(spec)) {
    const schema = live.get(name)?.inputSchema as JsonSchema | undefined;
    if (!schema) continue;
    const properties = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    for (const [param, want] of Object.entries(tool.params)) {
      const got = properties[param];
      const where = `${name}.${param}`;
      if (!got) {
        problems.push(`${where} is missing`);
        continue;
      }
      const types = typesOf(got);
      if (!types.includes(want.type)) problems.push(`${where} has type ${types.join('|') || 'none'}, want ${want.type}`);
      if (want.required !== required.has(param)) {
        problems.push(`${where} is ${required.has(param) ? '' : 'not '}required, want ${want.required ? '' : 'not '}required`);
      }
      const gotEnum = (want.type === 'array' ? got.items?.enum : got.enum)?.map(String).sort();
      if (want.enum && JSON.stringify(gotEnum) !== JSON.stringify([...want.enum].sort())) {
        problems.push(`${where} enum is ${JSON.stringify(gotEnum)}, want ${JSON.stringify(want.enum)}`);
      }
      if (want.items && want.type === 'array' && !typesOf(got.items ?? {}).includes(want.items)) {
        problems.push(`${where} items have type ${typesOf(got.items ?? {}).join('|')}, want ${want.items}`);
      }
      for (const bound of ['minimum', 'maximum'] as const) {
        if (want[bound] !== undefined && got[bound] !== want[bound]) {
          problems.push(`${where} ${bound} is ${got[bound]}, want ${want[bound]}`);
        }
      }
    }
    for (const param of required) {
      if (!(param in tool.params)) problems.push(`${name}.${param} is required but not in the contract`);
    }
  }
  return problems;
}
