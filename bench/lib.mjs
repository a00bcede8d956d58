// What bench/run.mjs and bench/profile.mjs share.
import pg from 'pg';

/** The same server URL, another database. */
export const withDb = (url, name) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

/** One statement on its own short-lived connection. */
export async function admin(url, text, values = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}
