import test from 'ava';
import analytics from '../../../../src/plugins/analytics/index.ts';
import type { AnalyticsContext } from '../../../../src/plugins/analytics/services/context.ts';
import { refreshMany } from '../../../../src/plugins/analytics/services/rollups.ts';
import { DEFAULT_REPORT } from '../../../../src/plugins/analytics/services/reports.ts';
import { saveReport } from '../../../../src/plugins/analytics/services/saved-reports.ts';
import api from '../../../../src/plugins/api/index.ts';
import betting from '../../../../src/plugins/betting/index.ts';
import { periodStart } from '../../../../src/plugins/betting/services/stats.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { apiCall, issueKey } from '../../../helpers/api.ts';
import { independentSummary, insertHistory, type HistoryRow } from '../helpers.ts';

interface SummaryJson {
  filter: { period: string; sport: string | null; league: string | null; capper: string | null; betType: string | null };
  from: string | null;
  to: string;
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  voids: number;
  winRate: number | null;
  risked: number;
  net: number;
  roi: number | null;
  clv: number | null;
  activeMembers: number;
}
interface ReportJson {
  id: number;
  name: string;
  metrics: string[];
  dimension: string;
  filter: SummaryJson['filter'];
  createdBy: string;
  createdAt: string;
}
interface PageJson<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

const OTHER_GUILD = '900000000000000088';
let bot: TestBot;
let ctx: AnalyticsContext;
let rows: HistoryRow[];
let key: string;
let otherKey: string;
const now = Date.now();

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, analytics, api], tier: 'platinum' });
  ctx = bot.app.contextOf('analytics') as unknown as AnalyticsContext;
  await bot.app.settings.setEnabled(bot.guildId, 'analytics', true);
  await bot.app.settings.setTier(OTHER_GUILD, 'platinum');
  await bot.app.settings.setEnabled(OTHER_GUILD, 'analytics', true);
  const users = [bot.users.alice, bot.users.bob, bot.users.carol];
  rows = [
    ...(await insertHistory(ctx, { guildId: bot.guildId, users, bets: 120, days: 200, now, seed: 31 })),
    ...(await insertHistory(ctx, { guildId: bot.guildId, users, bets: 30, days: 0.2, now, seed: 32 })),
  ];
  await refreshMany(ctx, bot.guildId, rows);
  // Another server's history, which no figure of this server may include.
  const theirs = await insertHistory(ctx, { guildId: OTHER_GUILD, users: ['700000000000000001'], bets: 25, days: 30, now, seed: 33 });
  await refreshMany(ctx, OTHER_GUILD, theirs);
  key = await issueKey(bot.app, bot.guildId, { scope: 'read' });
  otherKey = await issueKey(bot.app, OTHER_GUILD, { scope: 'read' });
});
test.after.always(() => bot?.close());

const get = async <T>(path: string, k = key) => {
  const res = await apiCall(bot.app, k, 'GET', `/api/v1/analytics${path}`);
  return { status: res.status, body: res.body as T & { code?: string; detail?: string } };
};

function assertFigures(t: import('ava').ExecutionContext, got: SummaryJson, slice: readonly HistoryRow[], what: string): void {
  const want = independentSummary(slice);
  t.is(got.bets, want.bets, `${what}: bets`);
  t.deepEqual([got.wins, got.losses, got.pushes, got.voids], [want.wins, want.losses, want.pushes, want.voids], `${what}: record`);
  t.true(Math.abs(got.risked - want.risked) < 1e-3, `${what}: risked`);
  t.true(Math.abs(got.net - want.net) < 1e-3, `${what}: net`);
  t.is(got.winRate === null, want.winRate === null);
  if (want.winRate !== null) t.true(Math.abs(got.winRate! - want.winRate) < 1e-9, `${what}: win rate`);
  if (want.clv !== null) t.true(Math.abs(got.clv! - want.clv) < 1e-6, `${what}: clv`);
  t.is(got.activeMembers, want.members, `${what}: members`);
}

test('GET /summary gives the period’s figures with the filters of /analytics, computed as an independent sum would', async (t) => {
  const all = await get<SummaryJson>('/summary?period=all');
  t.is(all.status, 200, JSON.stringify(all.body));
  assertFigures(t, all.body, rows, 'all time');
  t.is(all.body.from, null);
  t.deepEqual(all.body.filter, { period: 'all', sport: null, league: null, capper: null, betType: null });

  const month = await get<SummaryJson>('/summary');
  t.is(month.body.filter.period, 'month', 'this month by default, as /analytics');
  assertFigures(t, month.body, rows.filter((r) => r.settledAt >= periodStart('month', now)), 'this month');
  t.is(month.body.from, new Date(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1)).toISOString());
  t.true(Date.parse(month.body.to) > now);

  const soccer = await get<SummaryJson>('/summary?period=all&sport=soccer&league=la-liga');
  assertFigures(t, soccer.body, rows.filter((r) => r.sport === 'soccer' && r.league === 'la-liga'), 'soccer, la-liga');
  t.deepEqual(soccer.body.filter, { period: 'all', sport: 'soccer', league: 'la-liga', capper: null, betType: null });

  const bob = await get<SummaryJson>(`/summary?period=year&capper=${bot.users.bob}&betType=game_line`);
  assertFigures(t, bob.body, rows.filter((r) => r.userId === bot.users.bob && r.type === 'game_line' && r.settledAt >= periodStart('year', now)), 'bob, game lines, this year');
});

test("GET /summary reads the key's server only, and refuses filters it does not know", async (t) => {
  const theirs = await get<SummaryJson>('/summary?period=all', otherKey);
  t.is(theirs.body.bets, 25);
  t.is(theirs.body.activeMembers, 1);
  for (const query of ['period=decade', 'capper=alice', 'betType=teaser', 'guildId=1', 'metric=net', `sport=${'x'.repeat(40)}`]) {
    const res = await get(`/summary?${query}`);
    t.is(res.status, 400, query);
    t.is(res.body.code, 'INVALID_INPUT', query);
  }
});

test.serial('GET /reports pages through the saved reports by name, exactly once each, and never another server’s', async (t) => {
  const names = ['weekly', 'by-sport', 'cappers', 'all-time', 'monthly'];
  for (const [i, name] of names.entries()) {
    await saveReport(ctx, { guildId: bot.guildId, name, createdBy: bot.users.alice, definition: { ...DEFAULT_REPORT, metrics: i === 1 ? ['bets', 'net'] : DEFAULT_REPORT.metrics, dimension: i === 1 ? 'sport' : 'capper', filter: { period: i === 3 ? 'all' : 'month', ...(i === 1 ? { sport: 'soccer' } : {}) } } });
  }
  await saveReport(ctx, { guildId: OTHER_GUILD, name: 'secret-plans', createdBy: '700000000000000001', definition: DEFAULT_REPORT });

  const pages: PageJson<ReportJson>[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: PageJson<ReportJson> } = await get<PageJson<ReportJson>>(`/reports?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    t.is(res.status, 200, JSON.stringify(res.body));
    pages.push(res.body);
    cursor = res.body.next_cursor;
  } while (cursor !== null && pages.length < 10);
  t.deepEqual(pages.map((p) => p.data.length), [2, 2, 1]);
  t.deepEqual(pages.map((p) => p.has_more), [true, true, false]);
  const all = pages.flatMap((p) => p.data);
  t.deepEqual(all.map((r) => r.name), ['all-time', 'by-sport', 'cappers', 'monthly', 'weekly']);
  const bySport = all.find((r) => r.name === 'by-sport')!;
  t.deepEqual({ metrics: bySport.metrics, dimension: bySport.dimension, filter: bySport.filter }, {
    metrics: ['bets', 'net'],
    dimension: 'sport',
    filter: { period: 'month', sport: 'soccer', league: null, capper: null, betType: null },
  });
  t.is(bySport.createdBy, bot.users.alice);
  t.true(Math.abs(Date.parse(bySport.createdAt) - Date.now()) < 60_000);

  const theirs = await get<PageJson<ReportJson>>('/reports', otherKey);
  t.deepEqual(theirs.body.data.map((r) => r.name), ['secret-plans']);
  t.is((await get('/reports?cursor=nonsense')).status, 400);
  t.is((await get('/reports?limit=101')).status, 400);
  t.is((await get('/reports?name=weekly')).status, 400);
});
