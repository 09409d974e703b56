import test from 'ava';
import { chromium, type Browser } from 'playwright-core';
import analytics from '../../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { createDashboardToken } from '../../../src/plugins/analytics/services/dashboard-link.ts';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import { signedUnits, units, percent } from '../../../src/plugins/betting/views/bet-slip.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { final, seedGames } from '../betting/seed.ts';
import { independentSummary, insertHistory, waitForJobs, type HistoryRow } from './helpers.ts';
import { chromiumPath, needs } from '../../helpers/services.ts';

const SECRET = 's'.repeat(40);
const OTHER_GUILD = '1300000000000000001';
let bot: TestBot;
let ctx: AnalyticsContext;
let bettingCtx: BettingContext;
let browser: Browser;
let rows: HistoryRow[];

// Needs Debian's Chromium; without it the file is one skipped line (a failure under DBSBM_REQUIRE_SERVICES=1).
const browserTests = await needs(['chromium']);
browserTests.tests(test, (test) => {
  test.before(async () => {
    bot = await createTestBot({ plugins: [betting, { plugin: analytics, options: { linkSecret: SECRET } }], tier: 'platinum' });
    ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
    // The other server exists in Discord with its owner, whom its links name: each request checks the member is still there.
    bot.emulator.createUser({ id: '1300000000000000009', username: 'other-owner' });
    bot.emulator.createGuild({ id: OTHER_GUILD, name: 'Other server', ownerId: '1300000000000000009' });
    await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
    bettingCtx = bot.app.contextOf('betting') as unknown as BettingContext;
    await bot.app.settings.setTier(OTHER_GUILD, 'platinum');
    await bot.app.settings.setEnabled(OTHER_GUILD, 'analytics', true);
    const now = Date.now();
    rows = await insertHistory(ctx, { guildId: bot.guildId, users: [bot.users.bob, bot.users.carol, bot.users.alice], bets: 300, days: 200, now, seed: 11 });
    // The other server has its own, different history: it must never show up in the first server's dashboard.
    await insertHistory(ctx, { guildId: OTHER_GUILD, users: ['1300000000000000009'], bets: 40, days: 30, now, seed: 12 });
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });
  test.after.always(async () => {
    await browser?.close();
    await bot?.close();
  });

  const text = async (page: import('playwright-core').Page, id: string) => (await page.getByTestId(id).textContent())?.trim();

  test.serial('the link from /analytics dashboard opens a page with the right numbers, on a phone-sized screen', async (t) => {
    const reply = await bot.as('alice').run('/analytics dashboard');
    t.true(reply.ephemeral);
    const link = /\((http[^)]+)\)/.exec(reply.embeds[0]!.description!)![1]!;
    const token = new URL(link).searchParams.get('t')!;
    const refused = await bot.as('carol').run('/analytics dashboard');
    t.regex(refused.embeds[0]!.title!, /Admins only/);

    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${bot.url}/dashboard?t=${encodeURIComponent(token)}&period=all`);
    await page.waitForFunction(() => Number(document.body.dataset.loaded ?? 0) >= 1);
    const want = independentSummary(rows);
    t.is(await text(page, 'bets'), String(want.bets));
    t.is(await text(page, 'record'), `${want.wins}-${want.losses}-${want.pushes}`);
    t.is(await text(page, 'net'), signedUnits(want.net).replace('−', '\u2212'));
    t.is(await text(page, 'risked'), units(want.risked));
    t.is(await text(page, 'win-rate'), percent(want.winRate));
    t.is(await text(page, 'roi'), percent(want.roi));
    t.is(await text(page, 'active'), String(want.members));
    // Fits a phone: nothing wider than the screen but the tables, which scroll inside their cards.
    t.true(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
    // The chart is a real image.
    await page.waitForFunction(() => {
      const img = document.getElementById('chart') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    });

    // Drill down: server → capper → bets.
    const row = page.locator('#cappers-body tr.pick').first();
    const capperId = (await row.getAttribute('data-user'))!;
    await row.click();
    await page.waitForFunction(() => !(document.getElementById('bets') as HTMLElement).hidden);
    const theirs = rows.filter((r) => r.userId === capperId);
    await page.waitForFunction((n) => document.querySelector('[data-testid="bets"]')?.textContent === n, String(theirs.length));
    t.is(await text(page, 'net'), signedUnits(independentSummary(theirs).net));
    t.is(await page.locator('#bets-body tr').count(), Math.min(200, theirs.length));

    // Live: a bet settles and the open page updates itself, without a reload.
    await page.locator('#back').click();
    await page.waitForFunction(() => (document.getElementById('bets') as HTMLElement).hidden);
    await page.waitForFunction(() => document.body.dataset.live === 'yes');
    const loadsBefore = Number(await page.evaluate(() => document.body.dataset.loaded));
    const { ids, sink } = await seedGames(bettingCtx, [{ key: 'live-1', home: 'Leeds', away: 'Wolves', h2h: [2.5, 3.2, 2.9] }]);
    await placeStraight(bettingCtx, { guildId: bot.guildId, userId: bot.users.carol, interactionId: `88${Date.now()}`.slice(0, 19), gameId: ids['live-1']!, market: 'h2h', selection: 'home', odds: '2.5', units: 2 });
    await sink(final('live-1', 1, 0));
    await waitForJobs(bot.app);
    await page.waitForFunction((n) => Number(document.body.dataset.loaded) > n, loadsBefore);
    await page.waitForFunction((b) => document.querySelector('[data-testid="bets"]')?.textContent === b, String(want.bets + 1));
    t.is(await text(page, 'net'), signedUnits(Math.round((want.net + 3) * 1e4) / 1e4));
    await page.close();
  });

  test.serial("a link for one server never shows another server's data, and a forged or expired link shows nothing", async (t) => {
    const otherToken = createDashboardToken(SECRET, { guildId: OTHER_GUILD, userId: '1300000000000000009', expiresAt: Date.now() + 60_000 });
    const page = await browser.newPage();
    await page.goto(`${bot.url}/dashboard?t=${encodeURIComponent(otherToken)}&period=all`);
    await page.waitForFunction(() => Number(document.body.dataset.loaded ?? 0) >= 1);
    t.is(await text(page, 'bets'), '40');
    t.is(await text(page, 'active'), '1');

    // Swap the server id inside a valid token: the signature no longer matches.
    const [body, mac] = otherToken.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as { g: string };
    const forged = `${Buffer.from(JSON.stringify({ ...claims, g: bot.guildId })).toString('base64url')}.${mac}`;
    const res = await page.goto(`${bot.url}/dashboard?t=${encodeURIComponent(forged)}`);
    t.is(res!.status(), 401);
    t.regex((await page.textContent('h1'))!, /not valid/);
    const data = await fetch(`${bot.url}/dashboard/data?t=${encodeURIComponent(forged)}`);
    t.is(data.status, 401);
    // The same refusal over HTTP: an RFC 9457 problem with the code.
    t.is(data.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    t.like(await data.json(), { status: 401, code: 'DASHBOARD_LINK_INVALID', title: 'This dashboard link is not valid' });

    const expired = createDashboardToken(SECRET, { guildId: bot.guildId, userId: bot.users.alice, expiresAt: Date.now() - 1 });
    const gone = await page.goto(`${bot.url}/dashboard?t=${encodeURIComponent(expired)}`);
    t.is(gone!.status(), 401);
    t.regex((await page.textContent('body'))!, /expired.*\/analytics dashboard/s);

    const bad = await fetch(`${bot.url}/dashboard/data?t=${encodeURIComponent(otherToken)}&period=fortnight`);
    t.is(bad.status, 400);
    const problem = (await bad.json()) as { detail: string; code: string };
    t.regex(problem.detail, /period/);
    t.is(problem.code, 'INVALID_INPUT');
    await page.close();
  });
});
