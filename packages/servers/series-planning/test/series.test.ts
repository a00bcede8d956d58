import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeriesPlanningServer } from '../src/index.js';
import { expectPlainMessage, makeAuthor, makeBook, makeSeries, rowCount } from './fixtures.js';

interface SeriesJson {
  id: number;
  title: string;
  author_id: number;
  author_name: string;
  description: string | null;
  status: string;
  start_year: number | null;
  updated_at: string;
  genres: { id: number; genre_name: string }[];
  book_count: number;
  books?: { id: number; title: string; book_number: number }[];
}

let h: ServerHarness;
let genreIds: Record<string, number>;
beforeAll(async () => {
  h = await startServer('series-planning', createSeriesPlanningServer);
  const genres = await h.db.selectFrom('genres').select(['id', 'genre_name']).execute();
  genreIds = Object.fromEntries(genres.map((g) => [g.genre_name, g.id]));
});
afterAll(() => h?.close());

async function createSeries(args: Record<string, unknown>): Promise<SeriesJson> {
  const res = await h.call('create_series', args);
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<{ series: SeriesJson }>(res).series;
}

async function genreIdsOf(seriesId: number): Promise<number[]> {
  const rows = await h.db.selectFrom('series_genres').select('genre_id').where('series_id', '=', seriesId).orderBy('genre_id').execute();
  return rows.map((r) => r.genre_id);
}

describe('create_series', () => {
  it('stores the series with its genres and returns it with author name and genres', async () => {
    const author = await makeAuthor(h.db, 'Robin Hollow');
    const res = await h.call('create_series', {
      title: '  The Salt Roads ',
      author_id: author.id,
      description: 'Smugglers and sea witches.',
      genre_ids: [genreIds.fantasy, genreIds.romance, genreIds.fantasy],
      start_year: 2021,
      status: 'ongoing',
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    expect(jsonOf(res)).toEqual(res.structuredContent);
    const { series } = jsonOf<{ series: SeriesJson }>(res);
    expect(series).toMatchObject({
      title: 'The Salt Roads',
      author_id: author.id,
      author_name: 'Robin Hollow',
      description: 'Smugglers and sea witches.',
      start_year: 2021,
      status: 'ongoing',
      book_count: 0,
    });
    expect(series.genres.map((g) => g.genre_name)).toEqual(['fantasy', 'romance']);
    expect(Date.parse(series.updated_at)).not.toBeNaN();
    const row = await h.db.selectFrom('series').selectAll().where('id', '=', series.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: 'The Salt Roads', author_id: author.id, start_year: 2021, status: 'ongoing' });
    expect(await genreIdsOf(series.id)).toEqual([genreIds.romance!, genreIds.fantasy!].sort((a, b) => a - b));
  });

  it('takes the defaults when only title and author are given', async () => {
    const author = await makeAuthor(h.db);
    const series = await createSeries({ title: 'Bare', author_id: author.id });
    expect(series).toMatchObject({ status: 'ongoing', description: null, start_year: null, genres: [] });
  });

  it('fails on an unknown genre id, listing the valid genres, and writes nothing', async () => {
    const author = await makeAuthor(h.db);
    const before = await rowCount(h.db, 'series');
    const links = await rowCount(h.db, 'series_genres');
    const res = await h.call('create_series', { title: 'Never', author_id: author.id, genre_ids: [genreIds.fantasy, 99_999] });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/genre 99999 not found/);
    expect(textOf(res)).toMatch(/fantasy/);
    expectPlainMessage(textOf(res));
    expect(await rowCount(h.db, 'series')).toBe(before);
    expect(await rowCount(h.db, 'series_genres')).toBe(links);
  });

  it('says which author was not found', async () => {
    const res = await h.call('create_series', { title: 'Orphan', author_id: 987_654 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/author 987654 not found/);
  });

  it.each([
    [{ author_id: 1 }, /title/],
    [{ title: '', author_id: 1 }, /title/],
    [{ title: 'x'.repeat(256), author_id: 1 }, /title/],
    [{ title: 'T' }, /author_id/],
    [{ title: 'T', author_id: 'one' }, /author_id/],
    [{ title: 'T', author_id: 1, status: 'finished' }, /status/],
    [{ title: 'T', author_id: 1, start_year: 20.5 }, /start_year/],
    [{ title: 'T', author_id: 1, genre_ids: ['fantasy'] }, /genre_ids/],
    [{ title: 'T', author_id: 1, genre_ids: [0] }, /genre_ids/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('create_series', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});

describe('get_series', () => {
  it('returns the series with author, genres, book count and books in order', async () => {
    const author = await makeAuthor(h.db, 'Ada Fern');
    const series = await createSeries({ title: 'Fern Cycle', author_id: author.id, genre_ids: [genreIds.mystery] });
    await makeBook(h.db, series.id, 2, 'Second');
    await makeBook(h.db, series.id, 1, 'First');
    const res = await h.call('get_series', { series_id: series.id });
    expect(res.isError, textOf(res)).toBeFalsy();
    const got = jsonOf<{ series: SeriesJson }>(res).series;
    expect(got).toMatchObject({ id: series.id, author_name: 'Ada Fern', book_count: 2 });
    expect(got.genres).toEqual([{ id: genreIds.mystery, genre_name: 'mystery' }]);
    expect(got.books?.map((b) => b.title)).toEqual(['First', 'Second']);
  });

  it('says which series was not found', async () => {
    const res = await h.call('get_series', { series_id: 55_555 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/series 55555 not found/);
  });

  it.each([[{}], [{ series_id: 'a' }], [{ series_id: 0 }]])('rejects %j naming series_id', async (args) => {
    const res = await h.call('get_series', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/series_id/);
  });
});

describe('list_series', () => {
  it('lists series by title with total_count, filters by author and pages', async () => {
    const author = await makeAuthor(h.db, 'Lister');
    await createSeries({ title: 'Zeta Listing', author_id: author.id });
    await createSeries({ title: 'Alpha Listing', author_id: author.id, genre_ids: [genreIds.thriller] });
    const res = await h.call('list_series', { author_id: author.id });
    expect(res.isError, textOf(res)).toBeFalsy();
    const body = jsonOf<{ series: SeriesJson[]; count: number; total_count: number }>(res);
    expect(body.series.map((s) => s.title)).toEqual(['Alpha Listing', 'Zeta Listing']);
    expect(body).toMatchObject({ count: 2, total_count: 2 });
    expect(body.series[0]?.genres.map((g) => g.genre_name)).toEqual(['thriller']);
    const all = jsonOf<{ series: SeriesJson[]; total_count: number }>(await h.call('list_series', {}));
    expect(all.total_count).toBe(await rowCount(h.db, 'series'));
    const page = jsonOf<{ series: SeriesJson[]; count: number }>(await h.call('list_series', { author_id: author.id, limit: 1, offset: 1 }));
    expect(page.series.map((s) => s.title)).toEqual(['Zeta Listing']);
  });

  it('says which author was not found', async () => {
    const res = await h.call('list_series', { author_id: 777_777 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/author 777777 not found/);
  });

  it('rejects a bad limit', async () => {
    const res = await h.call('list_series', { limit: 0 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/limit/);
  });
});

describe('update_series', () => {
  it('changes only the given fields and replaces the genres', async () => {
    const author = await makeAuthor(h.db);
    const series = await createSeries({
      title: 'Old Title',
      author_id: author.id,
      description: 'Keep me',
      genre_ids: [genreIds.fantasy, genreIds.romance],
    });
    const res = await h.call('update_series', {
      series_id: series.id,
      title: 'New Title',
      status: 'hiatus',
      genre_ids: [genreIds.mystery],
    });
    expect(res.isError, textOf(res)).toBeFalsy();
    const updated = jsonOf<{ series: SeriesJson }>(res).series;
    expect(updated).toMatchObject({ id: series.id, title: 'New Title', status: 'hiatus', description: 'Keep me' });
    expect(updated.genres.map((g) => g.genre_name)).toEqual(['mystery']);
    expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(series.updated_at));
    const row = await h.db.selectFrom('series').selectAll().where('id', '=', series.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: 'New Title', status: 'hiatus', description: 'Keep me' });
    expect(await genreIdsOf(series.id)).toEqual([genreIds.mystery]);
  });

  it('clears the description with an empty string', async () => {
    const author = await makeAuthor(h.db);
    const series = await createSeries({ title: 'Clear', author_id: author.id, description: 'Something' });
    const res = await h.call('update_series', { series_id: series.id, description: '' });
    expect(res.isError, textOf(res)).toBeFalsy();
    const row = await h.db.selectFrom('series').select('description').where('id', '=', series.id).executeTakeFirstOrThrow();
    expect(row.description).toBeNull();
  });

  it('rolls back the field changes when a genre id is unknown', async () => {
    const author = await makeAuthor(h.db);
    const series = await createSeries({ title: 'Stable', author_id: author.id, genre_ids: [genreIds.fantasy] });
    const res = await h.call('update_series', { series_id: series.id, title: 'Changed', genre_ids: [88_888] });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/genre 88888 not found/);
    const row = await h.db.selectFrom('series').select('title').where('id', '=', series.id).executeTakeFirstOrThrow();
    expect(row.title).toBe('Stable');
    expect(await genreIdsOf(series.id)).toEqual([genreIds.fantasy]);
  });

  it('refuses an update with nothing to change', async () => {
    const series = await makeSeries(h.db);
    const res = await h.call('update_series', { series_id: series.id });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/nothing to update/i);
  });

  it('says which series was not found', async () => {
    const res = await h.call('update_series', { series_id: 66_666, title: 'Ghost' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/series 66666 not found/);
  });

  it.each([
    [{ series_id: 1, status: 'paused' }, /status/],
    [{ series_id: 1, title: '' }, /title/],
    [{ series_id: 1, start_year: 'soon' }, /start_year/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('update_series', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});

describe('assign_series_genres', () => {
  it('replaces the genre set and bumps updated_at', async () => {
    const author = await makeAuthor(h.db);
    const series = await createSeries({ title: 'Genres', author_id: author.id, genre_ids: [genreIds.fantasy, genreIds.romance] });
    const res = await h.call('assign_series_genres', { series_id: series.id, genre_ids: [genreIds.romance, genreIds.young_adult] });
    expect(res.isError, textOf(res)).toBeFalsy();
    const got = jsonOf<{ series: SeriesJson }>(res).series;
    expect(got.genres.map((g) => g.genre_name)).toEqual(['romance', 'young_adult']);
    expect(Date.parse(got.updated_at)).toBeGreaterThanOrEqual(Date.parse(series.updated_at));
    expect(await genreIdsOf(series.id)).toEqual([genreIds.romance!, genreIds.young_adult!].sort((a, b) => a - b));
  });

  it('removes all genres with an empty list', async () => {
    const author = await makeAuthor(h.db);
    const series = await createSeries({ title: 'No Genres', author_id: author.id, genre_ids: [genreIds.fantasy] });
    const res = await h.call('assign_series_genres', { series_id: series.id, genre_ids: [] });
    expect(res.isError, textOf(res)).toBeFalsy();
    expect(await genreIdsOf(series.id)).toEqual([]);
  });

  it('changes nothing when one genre id is unknown', async () => {
    const author = await makeAuthor(h.db);
    const series = await createSeries({ title: 'Keep Genres', author_id: author.id, genre_ids: [genreIds.fantasy] });
    const res = await h.call('assign_series_genres', { series_id: series.id, genre_ids: [genreIds.mystery, 44_444] });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/genre 44444 not found/);
    expect(await genreIdsOf(series.id)).toEqual([genreIds.fantasy]);
  });

  it('says which series was not found', async () => {
    const res = await h.call('assign_series_genres', { series_id: 33_333, genre_ids: [genreIds.fantasy] });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/series 33333 not found/);
  });

  it.each([[{ series_id: 1 }], [{ series_id: 1, genre_ids: 'fantasy' }], [{ series_id: 1, genre_ids: [1.5] }]])(
    'rejects %j naming genre_ids',
    async (args) => {
      const res = await h.call('assign_series_genres', args);
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(/genre_ids/);
    },
  );
});
