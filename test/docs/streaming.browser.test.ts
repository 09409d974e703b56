import test, { type ExecutionContext } from 'ava';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { App } from '../../src/core/app.ts';
import { definePlugin } from '../../src/core/plugins/define.ts';
import api from '../../src/plugins/api/index.ts';
import betting from '../../src/plugins/betting/index.ts';
import stream from '../../src/plugins/stream/index.ts';
import { createDbsbmClient, mintToken } from '../../packages/sdk/src/index.ts';
import { bootApp } from '../helpers/app.ts';
import { issueKey } from '../helpers/api.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/faults/tcp-proxy.ts';
import { chromiumPath, needs } from '../helpers/services.ts';
import { loggedAfter, outOfOrder, positionOf } from '../packages/stream-log.ts';
import { GUILD_A, publish } from '../plugins/stream/world.ts';

// The browser client of docs/streaming.md (docs/examples/streaming/browser.html and browser.js, byte for byte) in
// real Chromium, under the app's strict Content-Security-Policy, behind a TCP proxy the test cuts: every event once,
// in order, after the browser reconnected; over SSE and over the WebSocket.

const EXAMPLES = new URL('../../docs/examples/streaming/', import.meta.url);
const TOPICS = 'scores,bets';

/** What the page's own backend does: serves the page and mints stream tokens with its key (never handing the key out). */
interface Site {
  apiBase: string;
  key: string;
  mints: number;
  /** Tells the page its token expires this soon (ms), to make it renew early; the token itself lives 10 minutes. */
  claimExpiresInMs?: number;
}

function sitePlugin(site: Site, html: string, js: string) {
  return definePlugin({
    name: 'site',
    version: '1.0.0',
    rootRoutes(router) {
      router.get('/live/', (_req, res) => void res.type('html').send(html));
      router.get('/live/browser.js', (_req, res) => void res.type('js').send(js));
      router.post('/stream-token', (_req, res, next) => {
        mintToken(createDbsbmClient({ baseUrl: site.apiBase, apiKey: site.key }), { ttlSeconds: 600 })
          .then((token) => {
            site.mints++;
            res.json(site.claimExpiresInMs === undefined ? token : { ...token, expiresAt: new Date(Date.now() + site.claimExpiresInMs).toISOString() });
          })
          .catch(next);
      });
    },
  });
}

interface World {
  app: App;
  key: string;
  site: Site;
  proxy: TcpProxy;
  /** The page's address, through the proxy. */
  origin: string;
}

async function world(t: ExecutionContext): Promise<World> {
  const site: Site = { apiBase: '', key: '', mints: 0 };
  const [html, js] = await Promise.all([readFile(new URL('browser.html', EXAMPLES), 'utf8'), readFile(new URL('browser.js', EXAMPLES), 'utf8')]);
  const app = await bootApp(t, [{ plugin: betting, options: { feed: { kind: 'none' } } }, { plugin: api }, { plugin: stream }, { plugin: sitePlugin(site, html, js) }]);
  await app.settings.setTier(GUILD_A, 'platinum');
  await app.settings.setEnabled(GUILD_A, 'stream', true);
  site.apiBase = `http://127.0.0.1:${app.port}`;
  site.key = await issueKey(app, GUILD_A, { scope: 'read' });
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: app.port });
  t.teardown(() => proxy.close());
  return { app, key: site.key, site, proxy, origin: `http://127.0.0.1:${proxy.port}` };
}

/** The events the page shows, in the order it showed them. */
const shown = (page: Page): Promise<{ id: string; event: string; text: string }[]> =>
  page.$$eval('#events li[data-id]', (items) => items.map((li) => ({ id: (li as HTMLElement).dataset.id!, event: (li as HTMLElement).dataset.event!, text: li.textContent ?? '' })));

const showing = (page: Page, n: number): Promise<unknown> => page.waitForFunction((count) => document.querySelectorAll('#events li[data-id]').length >= count, n, { timeout: 30_000 });
const status = (page: Page, text: string): Promise<unknown> => page.waitForFunction((want) => document.querySelector('#status')?.textContent === want, text, { timeout: 30_000 });

let browser: Browser;

const browserTests = await needs(['chromium']);
browserTests.tests(test, (test) => {
  test.before(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });
  test.after.always(async () => {
    await browser?.close();
  });

  /** Opens the example page; collects uncaught errors and anything the CSP blocked. */
  async function openPage(w: World, transport: 'sse' | 'ws'): Promise<{ page: Page; problems: string[]; streamUrls: URL[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    const streamUrls: URL[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/v1/')) streamUrls.push(url);
    });
    page.on('websocket', (ws) => streamUrls.push(new URL(ws.url())));
    await page.exposeFunction('reportViolation', (what: string) => problems.push(`CSP blocked ${what}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { reportViolation(what: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.goto(`${w.origin}/live/?transport=${transport}&topics=${TOPICS}`);
    await status(page, 'live');
    return { page, problems, streamUrls };
  }

  for (const transport of ['sse', 'ws'] as const) {
    test(`${transport}: the browser example shows every event once, in order, after the connection is cut and comes back; it stops when streaming is turned off`, async (t) => {
      const w = await world(t);
      const start = await positionOf(w.app, w.key, TOPICS);
      const { page, problems, streamUrls } = await openPage(w, transport);
      t.true(streamUrls.every((u) => !u.search.includes(w.key)), 'the API key never reaches the page');
      t.true(streamUrls.some((u) => (u.searchParams.get('access_token') ?? '').startsWith('dbsbm_st_')));

      for (let i = 1; i <= 3; i++) await publish.score(w.app, 51, i, 0);
      await publish.placed(w.app, GUILD_A);
      await showing(page, 4);

      w.proxy.cut('refuse');
      await status(page, 'reconnecting');
      for (let i = 4; i <= 6; i++) await publish.score(w.app, 51, i, 0);
      await publish.placed(w.app, GUILD_A);
      w.proxy.restore();
      await showing(page, 8);
      await status(page, 'live');
      await publish.score(w.app, 51, 7, 0);
      await showing(page, 9);

      const logged = await loggedAfter(w.app, w.key, TOPICS, start);
      const got = await shown(page);
      t.is(logged.length, 9);
      t.deepEqual(got.map((e) => e.id), logged.map((e) => e.id), 'every event of the log once, in its order');
      t.deepEqual(outOfOrder(got.map((e) => e.id)), []);
      t.deepEqual(got.filter((e) => e.event === 'game.score').map((e) => (JSON.parse(e.text.slice(e.text.indexOf('{'))) as { home: number }).home), [1, 2, 3, 4, 5, 6, 7]);

      // Live streaming turned off for the server: the page says so and stops trying.
      await w.app.settings.setEnabled(GUILD_A, 'stream', false);
      await status(page, 'off');
      t.deepEqual(problems, []);
      await page.close();
    });
  }

  test('sse: the page renews its token before it expires and each new connection resumes from the last id', async (t) => {
    const w = await world(t);
    w.site.claimExpiresInMs = 4_000;
    const start = await positionOf(w.app, w.key, TOPICS);
    const { page, problems, streamUrls } = await openPage(w, 'sse');
    // Events keep coming while the page swaps connections: two renewals, each with events on both sides.
    let home = 0;
    while (w.site.mints < 3) {
      await publish.score(w.app, 52, ++home, 0);
      await showing(page, home);
      await sleep(200);
    }
    await publish.score(w.app, 52, ++home, 0);
    await showing(page, home);
    const logged = await loggedAfter(w.app, w.key, TOPICS, start);
    const got = await shown(page);
    t.deepEqual(got.map((e) => e.id), logged.map((e) => e.id), 'every event once, in order, across the renewals');
    const streams = streamUrls.filter((u) => u.pathname === '/api/v1/stream');
    t.true(streams.length >= 3);
    t.true(streams.slice(1).every((u) => u.searchParams.get('lastEventId') !== null), 'a renewed connection carries the last id in its URL');
    t.deepEqual(problems, []);
    await page.close();
  });
});
