import type { Db } from '@mcp-writing/db';
import { ToolError } from '@mcp-writing/toolkit';

export type LookupField = 'scene_type' | 'scene_purpose' | 'writing_status';

const LABEL: Record<LookupField, string> = {
  scene_type: 'scene type',
  scene_purpose: 'scene purpose',
  writing_status: 'writing status',
};

/** Active names of a lookup table, in id order. */
async function activeNames(db: Db, field: LookupField): Promise<string[]> {
  switch (field) {
    case 'scene_type':
      return (await db.selectFrom('scene_types').select('type_name as name').where('is_active', 'is not', false).orderBy('id').execute()).map((r) => r.name);
    case 'scene_purpose':
      return (await db.selectFrom('scene_purposes').select('purpose_name as name').where('is_active', 'is not', false).orderBy('id').execute()).map((r) => r.name);
    case 'writing_status':
      return (await db.selectFrom('writing_statuses').select('status_name as name').where('is_active', 'is not', false).orderBy('id').execute()).map((r) => r.name);
  }
}

/**
 * The lookup name as stored (matched without regard to case), or a ToolError
 * naming the field and listing the valid names.
 */
export async function requireLookup(db: Db, field: LookupField, value: string): Promise<string> {
  const names = await activeNames(db, field);
  const match = names.find((name) => name.toLowerCase() === value.trim().toLowerCase());
  if (match === undefined) {
    throw new ToolError(`${field}: "${value}" is not a known ${LABEL[field]}; use one of: ${names.join(', ')}.`);
  }
  return match;
}

/** Validates whichever of the three lookup fields are given and returns them in stored form. */
export async function normalizeLookups<T extends Partial<Record<LookupField, string>>>(db: Db, fields: T): Promise<T> {
  const out = { ...fields };
  for (const field of ['scene_type', 'scene_purpose', 'writing_status'] as const) {
    const value = fields[field];
    if (value !== undefined) out[field] = (await requireLookup(db, field, value)) as T[typeof field];
  }
  return out;
}
