import test from 'ava';
import api from '../../../../src/plugins/api/index.ts';
import betting from '../../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import ml from '../../../../src/plugins/ml/index.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { apiCall, issueKey } from '../../../helpers/api.ts';
import { waitForJobs } from '../../analytics/helpers.ts';
import { final, seedGames } from '../../betting/seed.ts';

type ThreeWay = { home: number; draw: number; away: number };
interface ValueScanJson {
  scanned: number;
  threshold: number;
  kellyFraction: number;
  bankrollUnits: number;
  maxStakeShare: number;
  data: { gameId: number; outcome: string; label: string; decimal: number; probability: number; fairDecimal: number; edge: number; expectedValuePerUnit: number; stake: number; stakeCapped: boolean }[];
}
interface AccuracyJson {
  scope: string;
  games: number;
  logloss: number | null;
  accuracy: number | null;
  brier: number | null;
  marketGames: number;
  marketLogloss: number | null;
}

const OTHER_GUILD = '900000000000000077';
let bot: TestBot;
let bettingCtx: BettingContext;
let key: string;
let otherKey: string;

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, ml, api], tier: 'platinum' });
  bettingCtx = bot.app.contextOf('betting') as unknown as BettingContext;
  await bot.app.settings.setEnabled(bot.guildId, 'ml', true);
  await bot.app.settings.setTier(OTHER_GUILD, 'platinum');
  await bot.app.settings.setEnabled(OTHER_GUILD, 'ml', true);
  key = await issueKey(bot.app, bot.guildId, { scope: 'read', userId: bot.users.bob });
  otherKey = await issueKey(bot.app, OTHER_GUILD, { scope: 'read' });
});
test.after.always(() => bot?.close());

const get = async <T>(path: string, k = key) => {
  const res = await apiCall(bot.app, k, 'GET', `/api/v1/ml${path}`);
  return { status: res.status, body: res.body as T & { code?: string } };
};

test.serial('GET /value-bets finds what /value finds, with the same edges and cautious stakes', async (t) => {
  // Long prices on the draw and the away side of a heavy favourite: the usual place a model disagrees.
  await seedGames(bettingCtx, [
    { key: 'v-1', home: 'Liverpool', away: 'Brentford', h2h: [1.5, 4.5, 7.0], inMinutes: 200 },
    { key: 'v-2', home: 'Arsenal', away: 'Luton', h2h: [1.3, 6.5, 11.0], inMinutes: 260 },
    { key: 'v-3', home: 'Everton', away: 'Fulham', h2h: [2.6, 3.1, 3.0], inMinutes: 320 },
  ]);
  const res = await get<ValueScanJson>('/value-bets');
  t.is(res.status, 200, JSON.stringify(res.body));
  const scan = res.body;
  t.is(scan.scanned, 3);
  t.true(scan.data.length > 0, 'these prices hold at least one value bet for the shipped model');
  t.deepEqual({ threshold: scan.threshold, kellyFraction: scan.kellyFraction, bankrollUnits: scan.bankrollUnits, maxStakeShare: scan.maxStakeShare }, { threshold: 0.03, kellyFraction: 0.25, bankrollUnits: 100, maxStakeShare: 0.02 });
  for (const v of scan.data) {
    t.true(v.edge > scan.threshold, 'every value bet beats the threshold');
    t.true(Math.abs(v.edge - (v.probability * v.decimal - 1)) < 1e-9);
    t.true(Math.abs(v.fairDecimal - 1 / v.probability) < 1e-9);
    t.true(v.stake > 0 && v.stake <= scan.maxStakeShare * scan.bankrollUnits + 1e-9);
    t.true(['home', 'draw', 'away'].includes(v.outcome));
  }
  t.deepEqual(scan.data.map((v) => v.edge), [...scan.data.map((v) => v.edge)].sort((a, b) => b - a), 'best edge first');

  const reply = await bot.as('bob').run('/value');
  const title = reply.embeds[0]!.title!;
  if (scan.data.length === 0) t.regex(reply.embeds[0]!.description!, /Checked 3 upcoming games/);
  else t.is(title, `${scan.data.length} value bet${scan.data.length === 1 ? '' : 's'} in 3 games`);
  for (const v of scan.data.slice(0, 10)) t.true(reply.embeds[0]!.description!.includes(`edge ${(v.edge * 100).toFixed(1)}%, stake ${v.stake.toFixed(2)}u`), v.label);
});

test.serial("GET /accuracy is /ml accuracy: this server's shown predictions once final, beside the market; another server sees only its own", async (t) => {
  const { ids, sink } = await seedGames(bettingCtx, [{ key: 'acc-1', home: 'Chelsea', away: 'Spurs', h2h: [2.0, 3.5, 3.9], inMinutes: 90 }]);
  const empty = await get<AccuracyJson>('/accuracy');
  t.is(empty.status, 200);
  t.is(empty.body.games, 0);
  t.is(empty.body.logloss, null);

  const shown = await get<{ model: ThreeWay; marketNow: ThreeWay }>(`/predictions/${ids['acc-1']}`);
  t.is(shown.status, 200);
  await sink(final('acc-1', 2, 0));
  await waitForJobs(bot.app);

  const mine = await get<AccuracyJson>('/accuracy');
  t.is(mine.body.scope, 'server');
  t.is(mine.body.games, 1);
  t.is(mine.body.marketGames, 1);
  t.true(Math.abs(mine.body.logloss! - -Math.log(shown.body.model.home)) < 1e-9, 'log-loss of the prediction shown, on a home win');
  t.true(Math.abs(mine.body.marketLogloss! - -Math.log(shown.body.marketNow.home)) < 1e-9);
  const command = await bot.as('bob').run('/ml accuracy');
  t.is(command.embeds[0]!.fields!.find((f) => f.name === 'Model log-loss')!.value, mine.body.logloss!.toFixed(4));

  const theirs = await get<AccuracyJson>('/accuracy', otherKey);
  t.is(theirs.status, 200);
  t.is(theirs.body.games, 0, "another server's key does not see this server's predictions");
  const everywhere = await get<AccuracyJson>('/accuracy?everywhere=true', otherKey);
  t.is(everywhere.body.scope, 'everywhere');
  t.true(everywhere.body.games >= 1);
});

test('GET /accuracy and /value-bets refuse fields they do not declare', async (t) => {
  for (const path of ['/accuracy?everywhere=maybe', '/accuracy?guildId=1', '/value-bets?limit=5']) {
    const res = await get(path);
    t.is(res.status, 400, path);
    t.is(res.body.code, 'INVALID_INPUT', path);
  }
});

test('a key whose server has ML turned off is refused by the gate, and a request without a key is unauthorised', async (t) => {
  const offGuild = '900000000000000078';
  await bot.app.settings.setTier(offGuild, 'platinum');
  const offKey = await issueKey(bot.app, offGuild, { scope: 'read' });
  const res = await get('/accuracy', offKey);
  t.is(res.status, 403);
  t.is((await apiCall(bot.app, null, 'GET', '/api/v1/ml/accuracy')).status, 401);
});
