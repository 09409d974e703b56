import test from 'ava';
import api from '../../../../src/plugins/api/index.ts';
import betting from '../../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { apiCall, issueKey } from '../../../helpers/api.ts';
import { seedGames } from '../seed.ts';

interface BetJson {
  id: number;
  type: string;
  status: string;
  decimal: number;
  gameId: number | null;
  legs: { gameId: number; market: string; selection: string; line: number | null; decimal: number; result: string }[];
}
type Json = Record<string, unknown> & { code?: string };

let bot: TestBot;
let ctx: BettingContext;
let ids: Record<string, number>;
let key: string;
let readKey: string;

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, api], tier: 'platinum' });
  ctx = bot.app.contextOf('betting') as unknown as BettingContext;
  ({ ids } = await seedGames(ctx, [
    { key: 'p1', home: 'Leeds', away: 'Wolves', h2h: [2, 3.5, 4] },
    { key: 'p2', home: 'Brighton', away: 'Burnley', total: { line: 2.5, over: 1.5, under: 2.5 } },
    { key: 'p3', home: 'Spurs', away: 'Villa' },
  ]));
  key = await issueKey(bot.app, bot.guildId, { scope: 'write', userId: bot.users.bob });
  readKey = await issueKey(bot.app, bot.guildId, { scope: 'read', userId: bot.users.bob });
});
test.after.always(() => bot?.close());

const call = async <T = Json>(k: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
  const res = await apiCall(bot.app, k, method, `/api/v1/betting${path}`, body);
  return { status: res.status, body: res.body as T & Json };
};
const bets = async (): Promise<number> => Number((await ctx.data.get<{ n: number }>('select count(*) as n from betting_bets where user_id = ?', [bot.users.bob]))!.n);

test.serial('POST /parlays places a parlay through placeParlay, each leg at the market price; it reads as a bet with legs', async (t) => {
  const res = await call<BetJson>(key, 'POST', '/parlays', {
    units: 1,
    legs: [
      { gameId: ids.p1, market: 'h2h', selection: 'home' },
      { gameId: ids.p2, market: 'totals', selection: 'over', line: 2.5 },
    ],
  });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.like(res.body, { type: 'parlay', status: 'pending', decimal: 3, gameId: null });
  t.deepEqual(res.body.legs, [
    { gameId: ids.p1, market: 'h2h', selection: 'home', line: null, decimal: 2, result: 'pending' },
    { gameId: ids.p2, market: 'totals', selection: 'over', line: 2.5, decimal: 1.5, result: 'pending' },
  ]);
  const audit = await ctx.data.all<{ action: string; actor_id: string }>('select action, actor_id from betting_bet_audit where bet_id = ?', [res.body.id]);
  t.deepEqual(audit, [{ action: 'placed', actor_id: bot.users.bob }]);
  t.deepEqual((await call<BetJson>(readKey, 'GET', `/bets/${res.body.id}`)).body, res.body);
  const parlays = await call<{ data: BetJson[] }>(readKey, 'GET', '/bets?type=parlay');
  t.deepEqual(parlays.body.data.map((b) => b.id), [res.body.id]);
  // A parlay is on each game of its legs.
  t.deepEqual((await call<{ data: BetJson[] }>(readKey, 'GET', `/bets?gameId=${ids.p2}`)).body.data.map((b) => b.id), [res.body.id]);
  t.deepEqual((await call<{ data: BetJson[] }>(readKey, 'GET', `/bets?gameId=${ids.p3}`)).body.data, []);
});

test.serial('POST /parlays refuses too few legs, two legs on one game and a bad leg, writing nothing', async (t) => {
  const before = await bets();
  for (const [legs, status, code] of [
    [[{ gameId: ids.p1, market: 'h2h', selection: 'home' }], 400, 'TOO_FEW_LEGS'],
    [[{ gameId: ids.p1, market: 'h2h', selection: 'home' }, { gameId: ids.p1, market: 'h2h', selection: 'away' }], 400, 'DUPLICATE_LEG'],
    [[{ gameId: ids.p1, market: 'h2h', selection: 'home' }, { gameId: ids.p3, market: 'spreads', selection: 'home', line: -1 }], 400, 'BAD_SELECTION'],
    [[{ gameId: ids.p1, market: 'h2h', selection: 'home' }, { gameId: ids.p3, market: 'h2h', selection: 'home', odds: 3 }], 400, 'INVALID_INPUT'],
  ] as const) {
    const res = await call(key, 'POST', '/parlays', { units: 1, legs });
    t.is(res.status, status, JSON.stringify(legs));
    t.is(res.body.code, code, JSON.stringify(legs));
  }
  t.is(await bets(), before);
});

test.serial('a read-only key cannot place a parlay; the owner cancels one with POST /bets/:betId/cancel', async (t) => {
  const body = { units: 1, legs: [{ gameId: ids.p1, market: 'h2h', selection: 'draw' }, { gameId: ids.p3, market: 'h2h', selection: 'away' }] };
  const before = await bets();
  t.is((await call(readKey, 'POST', '/parlays', body)).status, 403);
  t.is(await bets(), before);
  const placed = await call<BetJson>(key, 'POST', '/parlays', body);
  const cancelled = await call<BetJson>(key, 'POST', `/bets/${placed.body.id}/cancel`);
  t.is(cancelled.status, 200);
  t.is(cancelled.body.status, 'cancelled');
  t.is(cancelled.body.legs.length, 2);
});
