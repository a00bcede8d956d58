import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, createTestDatabase, ensureChromium, textOf, type TestDatabase } from '@mcp-writing/testkit';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, rpc, startHost, type RunningHost } from './helpers.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUTPUT = path.resolve(HERE, '../test-output');
const DISABLED = /server review is disabled \(enable it in the console or with PUT \/admin\/servers\/review\)/;

let database: TestDatabase;
let host: RunningHost;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
let stateDir: string;

beforeAll(async () => {
  const executablePath = ensureChromium();
  database = await createTestDatabase();
  stateDir = mkdtempSync(path.join(tmpdir(), 'mcpw-console-state-'));
  host = await startHost({ DATABASE_URL: database.url, MIGRATE_ON_START: '0', MCP_WRITING_STATE_DIR: stateDir });
  userDataDir = mkdtempSync(path.join(tmpdir(), 'mcpw-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
  });
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close();
  await host?.stop();
  await database?.drop();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

async function connect(server: string): Promise<Client> {
  const client = new Client({ name: 'console-test', version: '0.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${host.base}/mcp/${server}`)));
  return client;
}

/** Waits up to 10 s: the page polls the host every 2 s. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000 });

const exportCall = { name: 'export_manuscript', arguments: { book_id: 987654 } };

describe('operator console in Chromium', () => {
  it('switches review off and on with a click, and a real MCP client sees it at once', async () => {
    const review = await connect('review');
    const author = await connect('author');
    try {
      // Some traffic so the table and the chart have something to show.
      for (let i = 0; i < 6; i++) await rpc(host.base, 'author', callTool(i, 'create_author', { name: `Console ${i}` }));
      expect(textOf(await review.callTool(exportCall))).toMatch(/987654/);

      await page.goto(host.base);
      const reviewSwitch = page.getByRole('switch', { name: 'review', exact: true });
      await poll(() => reviewSwitch.getAttribute('aria-checked')).toBe('true');
      await poll(() => page.locator('tr[data-server="author"] td').nth(5).textContent()).toMatch(/^[1-9]\d*$/);

      await reviewSwitch.click();
      await poll(() => reviewSwitch.getAttribute('aria-checked')).toBe('false');
      await poll(() => page.locator('tr[data-server="review"]').textContent()).toMatch(/disabled at run time/);

      const refused = await review.callTool(exportCall);
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(DISABLED);
      const listed = await author.callTool({ name: 'list_authors', arguments: {} });
      expect(listed.isError).toBeFalsy();
      expect(JSON.stringify(listed.structuredContent)).toMatch(/Console 5/);

      // The switch survives a reload: the page reads the host's state.
      await page.reload();
      await poll(() => page.getByRole('switch', { name: 'review', exact: true }).getAttribute('aria-checked')).toBe('false');
      // The pool card and budget are filled in from /admin/status.
      await poll(() => page.locator('#p-max').textContent()).toBe('10');
      await poll(() => page.locator('#budget').textContent()).toMatch(/max_connections/);
      await poll(() => page.locator('#chart polyline').count()).toBeGreaterThan(0);
      mkdirSync(OUTPUT, { recursive: true });
      const shot = path.join(OUTPUT, 'console.png');
      await page.screenshot({ path: shot });
      // UPDATE_SCREENSHOT=1 refreshes the README's picture from this run.
      if (process.env.UPDATE_SCREENSHOT === '1') copyFileSync(shot, path.resolve(HERE, '../../../docs/console.png'));

      await page.getByRole('switch', { name: 'review', exact: true }).click();
      await poll(() => page.getByRole('switch', { name: 'review', exact: true }).getAttribute('aria-checked')).toBe('true');
      const answered = await review.callTool(exportCall);
      expect(textOf(answered)).not.toMatch(/disabled/);
      expect(textOf(answered)).toMatch(/987654/);
      await poll(() => page.locator('tr[data-server="review"]').textContent()).toMatch(/enabled \(ACTIVE_MCP_SERVERS\)/);

      await page.screenshot({ path: path.join(OUTPUT, 'console-review-on.png') });
    } finally {
      await review.close();
      await author.close();
    }
  });
});
