import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '@mcp-writing/testkit';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAMES } from '../src/database.js';
import { migrateToLatest } from '../src/migrate.js';
import {
  foreignKeyIndexes,
  specIndexes,
  up as createInitialSchema,
} from '../src/migrations/0001-initial-schema.js';
import { up as seedLookups } from '../src/migrations/0002-seed-lookups.js';
import { migrations } from '../src/migrations/index.js';

/** spec/schema.md, reduced to type (as format_type prints it) and nullability per column. */
type SpecSchema = Record<string, Record<string, { type: string; nullable: boolean }>>;
const spec = JSON.parse(readFileSync(new URL('./fixtures/spec-schema.json', import.meta.url), 'utf8')) as SpecSchema;

const VIEWS = ['books_with_genres', 'events_with_participants', 'series_with_genres'];

/** spec/lookups.md */
const LOOKUPS = [
  {
    table: 'genres',
    column: 'genre_name',
    names: [
      'romance', 'fantasy', 'mystery', 'thriller', 'science_fiction',
      'historical_fiction', 'contemporary', 'young_adult', 'literary_fiction', 'action_adventure',
    ],
  },
  {
    table: 'plot_thread_types',
    column: 'type_name',
    names: [
      'series_arc', 'mini_arc', 'main_case', 'subplot',
      'character_arc', 'mystery_element', 'romance_arc', 'world_building',
    ],
  },
  {
    table: 'plot_thread_statuses',
    column: 'status_name',
    names: ['active', 'resolved', 'on_hold', 'abandoned', 'planning', 'suspended'],
  },
  {
    table: 'relationship_types',
    column: 'type_name',
    names: ['enables', 'conflicts_with', 'supports', 'reveals', 'resolves', 'depends_on', 'parallels', 'contrasts'],
  },
  {
    table: 'story_concerns',
    column: 'concern_name',
    names: ['obtaining', 'understanding', 'becoming', 'conceiving', 'doing', 'being'],
  },
  {
    table: 'story_outcomes',
    column: 'outcome_name',
    names: ['success', 'failure', 'partial_success', 'pyrrhic_victory', 'ambiguous'],
  },
  {
    table: 'story_judgments',
    column: 'judgment_name',
    names: ['good', 'bad', 'bittersweet', 'neutral', 'cathartic'],
  },
  {
    table: 'writing_statuses',
    column: 'status_name',
    names: ['planned', 'draft', 'revision', 'final', 'cut'],
  },
  {
    table: 'scene_types',
    column: 'type_name',
    names: ['dramatic', 'comedic', 'romantic', 'suspenseful', 'action', 'introspective', 'transitional'],
  },
  {
    table: 'scene_purposes',
    column: 'purpose_name',
    names: ['action', 'dialogue', 'description', 'transition', 'exposition', 'conflict', 'resolution'],
  },
];

interface LiveColumn {
  relation: string;
  kind: 'r' | 'v';
  column: string;
  type: string;
  nullable: boolean;
}

/** Tables and views of the public schema (kysely's own bookkeeping left out), by name. */
async function liveRelations(client: pg.Client): Promise<Map<string, { kind: 'r' | 'v'; columns: Map<string, LiveColumn> }>> {
  const { rows } = await client.query<LiveColumn>(`
    SELECT c.relname AS relation, c.relkind AS kind, a.attname AS column,
           format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') AND c.relname NOT LIKE 'kysely\\_%'
     ORDER BY c.relname, a.attnum`);
  const relations = new Map<string, { kind: 'r' | 'v'; columns: Map<string, LiveColumn> }>();
  for (const row of rows) {
    let relation = relations.get(row.relation);
    if (!relation) relations.set(row.relation, (relation = { kind: row.kind, columns: new Map() }));
    relation.columns.set(row.column, row);
  }
  return relations;
}

/** Every way the live schema falls short of spec-schema.json (extra tables and columns are allowed). */
async function specDifferences(client: pg.Client): Promise<string[]> {
  const live = await liveRelations(client);
  const problems: string[] = [];
  for (const [table, columns] of Object.entries(spec)) {
    const relation = live.get(table);
    if (relation?.kind !== 'r') {
      problems.push(`table ${table} is missing`);
      continue;
    }
    for (const [column, want] of Object.entries(columns)) {
      const got = relation.columns.get(column);
      if (!got) problems.push(`${table}.${column} is missing`);
      else if (got.type !== want.type) problems.push(`${table}.${column} is ${got.type}, want ${want.type}`);
      else if (got.nullable !== want.nullable) {
        problems.push(`${table}.${column} is ${got.nullable ? 'nullable' : 'NOT NULL'}, want the opposite`);
      }
    }
  }
  return problems;
}

/** Index definitions (from " USING" on) per table. */
async function liveIndexes(client: pg.Client): Promise<Map<string, { name: string; definition: string }[]>> {
  const { rows } = await client.query<{ table: string; name: string; definition: string }>(`
    SELECT tablename AS table, indexname AS name, substring(indexdef FROM ' USING .*$') AS definition
      FROM pg_indexes WHERE schemaname = 'public'`);
  const byTable = new Map<string, { name: string; definition: string }[]>();
  for (const row of rows) byTable.set(row.table, [...(byTable.get(row.table) ?? []), row]);
  return byTable;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Kysely on one connection of its own, for calling a migration's `up` directly. */
function kyselyOn(url: string): Kysely<any> {
  return new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
}

/** Inserts an author, a series and a book; returns their ids. */
async function seedBook(client: pg.Client): Promise<{ authorId: number; seriesId: number; bookId: number }> {
  const author = await client.query<{ id: number }>(`INSERT INTO authors (name) VALUES ('Ada Writer') RETURNING id`);
  const authorId = author.rows[0]!.id;
  const series = await client.query<{ id: number }>(
    `INSERT INTO series (author_id, title) VALUES ($1, 'The Long Road') RETURNING id`,
    [authorId],
  );
  const seriesId = series.rows[0]!.id;
  const book = await client.query<{ id: number }>(
    `INSERT INTO books (series_id, title, book_number) VALUES ($1, 'First Steps', 1) RETURNING id`,
    [seriesId],
  );
  return { authorId, seriesId, bookId: book.rows[0]!.id };
}

describe('the migrated schema', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = await connect(database.directUrl);
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('has every table and column of the spec, with the same type and nullability', async () => {
    expect(Object.keys(spec)).toHaveLength(64);
    expect(await specDifferences(client)).toEqual([]);
  });

  it('has the three views of the original', async () => {
    const { rows } = await client.query<{ viewname: string }>(
      `SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY viewname`,
    );
    expect(rows.map((row) => row.viewname)).toEqual(VIEWS);
  });

  it('has every index of the spec (and one per otherwise unindexed foreign key)', async () => {
    const indexes = await liveIndexes(client);
    const missing = [...specIndexes, ...foreignKeyIndexes].filter(
      (index) => !indexes.get(index.table)?.some((live) => live.name === index.name && live.definition === ` ${index.definition}`),
    );
    expect(missing).toEqual([]);
  });

  it('has an updated_at trigger on every table with an updated_at column', async () => {
    const { rows } = await client.query<{ table: string; trigger: string | null }>(`
      SELECT c.relname AS table, t.tgname AS trigger
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND t.tgname = 'update_' || c.relname || '_updated_at'
                              AND t.tgenabled = 'O' AND NOT t.tgisinternal
       WHERE a.attname = 'updated_at' AND NOT a.attisdropped
       ORDER BY 1`);
    // The spec's 32 tables, plus the 4 that have the column but lacked the trigger.
    expect(rows).toHaveLength(36);
    expect(rows.filter((row) => row.trigger === null).map((row) => row.table)).toEqual([]);
  });

  it('bumps updated_at on UPDATE and leaves created_at alone', async () => {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO authors (name, created_at, updated_at) VALUES ('Old Timer', '2001-02-03', '2001-02-03') RETURNING id`,
    );
    const id = rows[0]!.id;
    await client.query(`UPDATE authors SET bio = 'Now with a bio' WHERE id = $1`, [id]);
    const after = await client.query<{ created_at: Date; updated_at: Date; recent: boolean }>(
      `SELECT created_at, updated_at, updated_at > now()::timestamp - interval '1 hour' AS recent FROM authors WHERE id = $1`,
      [id],
    );
    expect(after.rows[0]!.recent).toBe(true);
    expect(after.rows[0]!.created_at.getFullYear()).toBe(2001);
  });

  it('lets plot_thread_relationships be updated (its trigger has an updated_at to set)', async () => {
    const { seriesId } = await seedBook(client);
    const threads = await client.query<{ id: number }>(
      `INSERT INTO plot_threads (series_id, title) VALUES ($1, 'A'), ($1, 'B') RETURNING id`,
      [seriesId],
    );
    const [a, b] = threads.rows.map((row) => row.id);
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO plot_thread_relationships (thread_a_id, thread_b_id, relationship_type_id, updated_at)
       VALUES ($1, $2, (SELECT id FROM relationship_types WHERE type_name = 'supports'), '2001-02-03') RETURNING id`,
      [a, b],
    );
    const updated = await client.query<{ strength: number; recent: boolean }>(
      `UPDATE plot_thread_relationships SET strength = 7 WHERE id = $1
       RETURNING strength, updated_at > now()::timestamp - interval '1 hour' AS recent`,
      [rows[0]!.id],
    );
    expect(updated.rows).toEqual([{ strength: 7, recent: true }]);
  });

  it('shows a book or series with its genre names and an event with its participants in the views', async () => {
    const { seriesId, bookId } = await seedBook(client);
    await client.query(
      `INSERT INTO book_genres (book_id, genre_id) SELECT $1, id FROM genres WHERE genre_name IN ('mystery', 'fantasy')`,
      [bookId],
    );
    await client.query(
      `INSERT INTO series_genres (series_id, genre_id) SELECT $1, id FROM genres WHERE genre_name = 'romance'`,
      [seriesId],
    );
    const book = await client.query(`SELECT id, title, genres FROM books_with_genres WHERE id = $1`, [bookId]);
    expect(book.rows).toEqual([{ id: bookId, title: 'First Steps', genres: ['fantasy', 'mystery'] }]);
    const series = await client.query(`SELECT id, genres FROM series_with_genres WHERE id = $1`, [seriesId]);
    expect(series.rows).toEqual([{ id: seriesId, genres: ['romance'] }]);

    const character = await client.query<{ id: number }>(
      `INSERT INTO characters (series_id, name) VALUES ($1, 'Mara') RETURNING id`,
      [seriesId],
    );
    const events = await client.query<{ id: number }>(
      `INSERT INTO timeline_events (series_id, event_name) VALUES ($1, 'The storm'), ($1, 'Quiet day') RETURNING id`,
      [seriesId],
    );
    const [storm, quiet] = events.rows.map((row) => row.id);
    await client.query(`INSERT INTO event_participants (event_id, character_id, role_in_event) VALUES ($1, $2, 'witness')`, [
      storm,
      character.rows[0]!.id,
    ]);
    const withParticipants = await client.query(
      `SELECT event_name, participants FROM events_with_participants WHERE id = ANY($1::int[]) ORDER BY id`,
      [[storm, quiet]],
    );
    expect(withParticipants.rows).toEqual([
      {
        event_name: 'The storm',
        participants: [{ character_id: character.rows[0]!.id, name: 'Mara', role_in_event: 'witness' }],
      },
      { event_name: 'Quiet day', participants: [] },
    ]);
  });
});

/** What src/database.ts declares: per relation of `Database`, its members with nullability and base type. */
function declaredDatabase(): Map<string, Map<string, { nullable: boolean; type: string }>> {
  const file = fileURLToPath(new URL('../src/database.ts', import.meta.url));
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const declaration = source?.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === 'Database',
  );
  if (!declaration) throw new Error('src/database.ts declares no interface Database');
  const result = new Map<string, Map<string, { nullable: boolean; type: string }>>();
  for (const relation of checker.getPropertiesOfType(checker.getTypeAtLocation(declaration))) {
    const members = new Map<string, { nullable: boolean; type: string }>();
    const relationType = checker.getTypeOfSymbolAtLocation(relation, declaration);
    for (const member of checker.getPropertiesOfType(relationType)) {
      const declared = checker.getTypeOfSymbolAtLocation(member, declaration);
      // ColumnType<S, I, U> (and Generated<S>) is read as S.
      const selectSymbol = declared.getProperty('__select__');
      const selected = selectSymbol ? checker.getTypeOfSymbolAtLocation(selectSymbol, declaration) : declared;
      const parts = selected.isUnion() ? selected.types : [selected];
      members.set(member.name, {
        nullable: parts.some((part) => (part.flags & ts.TypeFlags.Null) !== 0),
        type: checker.typeToString(checker.getNonNullableType(selected)),
      });
    }
    result.set(relation.name, members);
  }
  return result;
}

/** The TypeScript type a column's values arrive as through pg (undefined: not checked). */
function expectedTsType(pgType: string): string | undefined {
  if (pgType === 'integer') return 'number';
  if (pgType === 'boolean') return 'boolean';
  if (pgType === 'integer[]') return 'number[]';
  if (pgType === 'text[]') return 'string[]';
  if (pgType === 'timestamp without time zone' || pgType === 'date') return 'Date';
  if (/^(text|character varying(\(\d+\))?|numeric|time without time zone)$/.test(pgType)) return 'string';
  return undefined; // jsonb: JSON values
}

describe('the Database interface', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = await connect(database.directUrl);
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('matches the live schema: relations, column names, nullability and types', async () => {
    const declared = declaredDatabase();
    const live = await liveRelations(client);
    const problems: string[] = [];
    for (const name of live.keys()) if (!declared.has(name)) problems.push(`Database lacks ${name}`);
    for (const [name, members] of declared) {
      const relation = live.get(name);
      if (!relation) {
        problems.push(`Database.${name} is not in the database`);
        continue;
      }
      for (const column of relation.columns.keys()) {
        if (!members.has(column)) problems.push(`Database.${name} lacks ${column}`);
      }
      for (const [member, { nullable, type }] of members) {
        const column = relation.columns.get(member);
        if (!column) {
          problems.push(`Database.${name}.${member} is not a column`);
          continue;
        }
        // A view's columns never carry NOT NULL in the catalog: only tables are compared.
        if (relation.kind === 'r' && nullable !== column.nullable) {
          const says = nullable ? 'nullable' : 'not nullable';
          problems.push(`Database.${name}.${member} is ${says}, the column is ${column.nullable ? 'nullable' : 'NOT NULL'}`);
        }
        const want = expectedTsType(column.type);
        if (want !== undefined && type !== want) problems.push(`Database.${name}.${member} is ${type}, want ${want} for ${column.type}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists every table in TABLE_NAMES, sorted', async () => {
    const live = await liveRelations(client);
    const tables = [...live].filter(([, relation]) => relation.kind === 'r').map(([name]) => name).sort();
    expect([...TABLE_NAMES]).toEqual(tables);
    expect(TABLE_NAMES).toHaveLength(64);
  });
});

describe('the lookup seeds', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = await connect(database.directUrl);
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  async function namesById(table: string, column: string): Promise<string[]> {
    const { rows } = await client.query<{ name: string }>(`SELECT ${column} AS name FROM ${table} ORDER BY id`);
    return rows.map((row) => row.name);
  }

  it('holds every name of lookups.md exactly once, in the listed order, with a description', async () => {
    for (const { table, column, names } of LOOKUPS) {
      expect(await namesById(table, column), table).toEqual(names);
      const { rows } = await client.query<{ missing: number }>(
        `SELECT count(*)::int AS missing FROM ${table} WHERE ${column.replace(/_name$/, '_description')} IS NULL`,
      );
      expect(rows[0]!.missing, table).toBe(0);
    }
  });

  it('applies nothing and duplicates nothing when migrated again', async () => {
    await expect(migrateToLatest(database.directUrl)).resolves.toEqual({ applied: [] });
    for (const { table, column, names } of LOOKUPS) expect(await namesById(table, column), table).toEqual(names);
  });

  it('adds only the missing names when the seed runs over a partly seeded database', async () => {
    await client.query(`DELETE FROM genres WHERE genre_name IN ('thriller', 'young_adult')`);
    await client.query(`UPDATE story_outcomes SET outcome_description = 'Kept as the author wrote it' WHERE outcome_name = 'success'`);
    const db = kyselyOn(database.directUrl);
    try {
      await seedLookups(db);
      await seedLookups(db);
    } finally {
      await db.destroy();
    }
    const genres = await namesById('genres', 'genre_name');
    expect(genres).toHaveLength(10);
    expect([...genres].sort()).toEqual([...LOOKUPS[0]!.names].sort());
    const { rows } = await client.query(`SELECT outcome_description FROM story_outcomes WHERE outcome_name = 'success'`);
    expect(rows).toEqual([{ outcome_description: 'Kept as the author wrote it' }]);
  });
});

describe('migrating a database the original system created', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    client = await connect(database.directUrl);
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('keeps every row and adds back a missing column, index and table', async () => {
    // The original's schema, without kysely's bookkeeping (so kysely sees no migration applied).
    const db = kyselyOn(database.directUrl);
    try {
      await createInitialSchema(db);
    } finally {
      await db.destroy();
    }
    const { authorId, seriesId, bookId } = await seedBook(client);
    const genre = await client.query<{ id: number }>(
      `INSERT INTO genres (genre_name, genre_description) VALUES ('fantasy', 'The author''s own wording') RETURNING id`,
    );
    await client.query(`INSERT INTO book_genres (book_id, genre_id) VALUES ($1, $2)`, [bookId, genre.rows[0]!.id]);
    // An older database: a column, an index and a table the original added later are missing.
    await client.query(`ALTER TABLE authors DROP COLUMN birth_year`);
    await client.query(`DROP INDEX idx_series_title`);
    await client.query(`DROP TABLE word_count_snapshots`);

    const snapshot = async () =>
      (
        await client.query<{ rows: unknown }>(`
          SELECT json_build_object(
            'authors', (SELECT json_agg(a ORDER BY id) FROM authors a),
            'series', (SELECT json_agg(s ORDER BY id) FROM series s),
            'books', (SELECT json_agg(b ORDER BY id) FROM books b),
            'book_genres', (SELECT json_agg(bg ORDER BY id) FROM book_genres bg),
            'fantasy', (SELECT json_agg(g) FROM genres g WHERE genre_name = 'fantasy')
          ) AS rows`)
      ).rows[0]!.rows;
    const before = (await snapshot()) as { authors: Record<string, unknown>[] };

    const result = await migrateToLatest(database.directUrl);
    expect(result.applied).toEqual(Object.keys(migrations).sort());

    const after = (await snapshot()) as { authors: Record<string, unknown>[] };
    // Unchanged, except that the re-added column shows up (empty).
    expect(after).toEqual({ ...before, authors: before.authors.map((row) => ({ ...row, birth_year: null })) });
    expect(after.authors.map((row) => row.id)).toEqual([authorId]);

    expect(await specDifferences(client)).toEqual([]);
    const indexes = await liveIndexes(client);
    expect(indexes.get('series')?.map((index) => index.name)).toContain('idx_series_title');
    expect(indexes.get('word_count_snapshots')?.map((index) => index.name)).toEqual(
      expect.arrayContaining(['word_count_snapshots_pkey', 'idx_word_count_snapshots_book_id_snapshot_date']),
    );
    const books = await client.query(`SELECT id, genres FROM books_with_genres`);
    expect(books.rows).toEqual([{ id: bookId, genres: ['fantasy'] }]);
    // The seed added the other genres around the author's own row.
    const genres = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM genres`);
    expect(genres.rows[0]!.n).toBe(10);
    const series = await client.query(`SELECT count(*)::int AS n FROM series WHERE id = $1`, [seriesId]);
    expect(series.rows).toEqual([{ n: 1 }]);

    // And again: nothing left to apply, nothing changed.
    await expect(migrateToLatest(database.directUrl)).resolves.toEqual({ applied: [] });
    expect(await snapshot()).toEqual(after);
  });
});

describe('integrity checks', () => {
  let database: TestDatabase;
  let client: pg.Client;
  let ids: { authorId: number; seriesId: number; bookId: number };

  beforeAll(async () => {
    database = await createTestDatabase();
    client = await connect(database.directUrl);
    ids = await seedBook(client);
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('rejects a second book with the same series_id and book_number (23505)', async () => {
    await expect(
      client.query(`INSERT INTO books (series_id, title, book_number) VALUES ($1, 'Again', 1)`, [ids.seriesId]),
    ).rejects.toMatchObject({ code: '23505', constraint: 'books_series_id_book_number_key' });
  });

  it('rejects a book whose series does not exist (23503)', async () => {
    await expect(
      client.query(`INSERT INTO books (series_id, title) VALUES (2147483647, 'Orphan')`),
    ).rejects.toMatchObject({ code: '23503', constraint: 'books_series_id_fkey' });
  });

  it('rejects a value outside a check constraint (23514)', async () => {
    await expect(
      client.query(`INSERT INTO plot_threads (series_id, title, importance_level) VALUES ($1, 'Too big', 11)`, [
        ids.seriesId,
      ]),
    ).rejects.toMatchObject({ code: '23514', constraint: 'plot_threads_importance_level_check' });
  });

  it('rejects a missing NOT NULL value (23502)', async () => {
    await expect(client.query(`INSERT INTO books (series_id) VALUES ($1)`, [ids.seriesId])).rejects.toMatchObject({
      code: '23502',
      column: 'title',
    });
  });

  it('deletes a series together with its books and their chapters', async () => {
    const chapter = await client.query<{ id: number }>(
      `INSERT INTO chapters (book_id, chapter_number) VALUES ($1, 1) RETURNING id`,
      [ids.bookId],
    );
    await client.query(`DELETE FROM series WHERE id = $1`, [ids.seriesId]);
    const left = await client.query(
      `SELECT (SELECT count(*)::int FROM books WHERE id = $1) AS books, (SELECT count(*)::int FROM chapters WHERE id = $2) AS chapters`,
      [ids.bookId, chapter.rows[0]!.id],
    );
    expect(left.rows).toEqual([{ books: 0, chapters: 0 }]);
    // The author stays (series.author_id is ON DELETE RESTRICT the other way round).
    const author = await client.query(`SELECT count(*)::int AS n FROM authors WHERE id = $1`, [ids.authorId]);
    expect(author.rows).toEqual([{ n: 1 }]);
  });
});
