import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthorServer } from '../src/index.js';

interface AuthorJson {
  id: number;
  name: string;
  email: string | null;
  bio: string | null;
  birth_year: number | null;
  updated_at: string;
  series?: { id: number; title: string }[];
  series_count?: number;
}

let h: ServerHarness;
beforeAll(async () => {
  h = await startServer('author', createAuthorServer);
});
afterAll(() => h?.close());

async function createAuthor(args: Record<string, unknown>): Promise<AuthorJson> {
  const res = await h.call('create_author', args);
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<{ author: AuthorJson }>(res).author;
}

describe('create_author', () => {
  it('stores the author and returns the row with id and updated_at', async () => {
    const res = await h.call('create_author', {
      name: 'Ursula Quill',
      email: 'ursula@example.com',
      bio: 'Writes sea fantasy.',
      birth_year: 1969,
    });
    expect(res.isError).toBeFalsy();
    const { author } = res.structuredContent as { author: AuthorJson };
    expect(author).toMatchObject({ name: 'Ursula Quill', email: 'ursula@example.com', birth_year: 1969 });
    expect(author.id).toBeGreaterThan(0);
    expect(Date.parse(author.updated_at)).not.toBeNaN();
    expect(jsonOf(res)).toEqual(res.structuredContent);
    const row = await h.db.selectFrom('authors').selectAll().where('id', '=', author.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Ursula Quill', email: 'ursula@example.com', bio: 'Writes sea fantasy.', birth_year: 1969 });
  });

  it('trims the name and accepts a name alone', async () => {
    const author = await createAuthor({ name: '  Solo Name  ' });
    expect(author).toMatchObject({ name: 'Solo Name', email: null, bio: null, birth_year: null });
  });

  it.each([
    [{}, /name/],
    [{ name: '' }, /name/],
    [{ name: '   ' }, /name/],
    [{ name: 42 }, /name/],
    [{ name: 'x'.repeat(256) }, /name/],
    [{ name: 'A', email: 'not-an-email' }, /email/],
    [{ name: 'A', birth_year: 'nineteen' }, /birth_year/],
    [{ name: 'A', birth_year: 1969.5 }, /birth_year/],
    [{ name: 'A', birth_year: 99999 }, /birth_year/],
  ])('rejects %j naming the field, and stores nothing', async (args, field) => {
    const before = await h.db.selectFrom('authors').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await h.call('create_author', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
    expect(textOf(res)).not.toMatch(/INSERT|SELECT|at .*\.js:\d+/);
    const after = await h.db.selectFrom('authors').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('get_author', () => {
  it('returns the author with their series', async () => {
    const author = await createAuthor({ name: 'Series Writer' });
    const series = await h.db
      .insertInto('series')
      .values([
        { author_id: author.id, title: 'The Tide Books', start_year: 2019 },
        { author_id: author.id, title: 'The Ember Books', start_year: 2022 },
      ])
      .returning(['id'])
      .execute();
    const res = await h.call('get_author', { author_id: author.id });
    expect(res.isError).toBeFalsy();
    const got = jsonOf<{ author: AuthorJson }>(res).author;
    expect(got.name).toBe('Series Writer');
    expect(got.series?.map((s) => s.title)).toEqual(['The Tide Books', 'The Ember Books']);
    expect(got.series?.map((s) => s.id)).toEqual(series.map((s) => s.id));
  });

  it('says which author was not found', async () => {
    const res = await h.call('get_author', { author_id: 999_999 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/author 999999 not found/i);
  });

  it.each([[{}], [{ author_id: 'abc' }], [{ author_id: -1 }], [{ author_id: 0 }], [{ author_id: 1.5 }], [{ author_id: 2 ** 31 }]])(
    'rejects a bad author_id %j',
    async (args) => {
      const res = await h.call('get_author', args);
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/author_id/);
    },
  );
});

describe('update_author', () => {
  it('changes only the fields given and bumps updated_at', async () => {
    const author = await createAuthor({ name: 'Before', bio: 'Old bio', birth_year: 1980 });
    const res = await h.call('update_author', { author_id: author.id, name: 'After' });
    expect(res.isError, textOf(res)).toBeFalsy();
    const updated = jsonOf<{ author: AuthorJson }>(res).author;
    expect(updated).toMatchObject({ id: author.id, name: 'After', bio: 'Old bio', birth_year: 1980 });
    expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(author.updated_at));
    const row = await h.db.selectFrom('authors').selectAll().where('id', '=', author.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'After', bio: 'Old bio', birth_year: 1980 });
  });

  it('refuses an update with nothing to change', async () => {
    const author = await createAuthor({ name: 'Unchanged' });
    const res = await h.call('update_author', { author_id: author.id });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/nothing to update/i);
  });

  it('says which author was not found', async () => {
    const res = await h.call('update_author', { author_id: 424_242, name: 'Ghost' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/author 424242 not found/i);
  });

  it('rejects a bad field by name', async () => {
    const author = await createAuthor({ name: 'Typed' });
    const res = await h.call('update_author', { author_id: author.id, birth_year: '1970' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/birth_year/);
  });
});

describe('list_authors', () => {
  it('lists authors by name with their series count, paged', async () => {
    const a = await createAuthor({ name: 'Aaa Paging' });
    await h.db.insertInto('series').values({ author_id: a.id, title: 'One' }).execute();
    const all = jsonOf<{ authors: AuthorJson[]; total_count: number; count: number }>(await h.call('list_authors', { limit: 500 }));
    const names = all.authors.map((x) => x.name);
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(all.total_count).toBe(all.authors.length);
    expect(all.authors.find((x) => x.id === a.id)?.series_count).toBe(1);
    const page = jsonOf<{ authors: AuthorJson[]; count: number; offset: number }>(
      await h.call('list_authors', { limit: 1, offset: 1 }),
    );
    expect(page.count).toBe(1);
    expect(page.authors[0]?.id).toBe(all.authors[1]?.id);
  });

  it('rejects a limit above the cap', async () => {
    const res = await h.call('list_authors', { limit: 100_000 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/limit/);
  });
});
