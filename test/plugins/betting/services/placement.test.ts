import test from 'ava';
import betting from '../../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import { changeLimits } from '../../../../src/plugins/betting/services/limits.ts';
import { placeParlay, placeStraight } from '../../../../src/plugins/betting/services/placement.ts';
import { settleGame } from '../../../../src/plugins/betting/services/settlement.ts';
import { computeStats } from '../../../../src/plugins/betting/services/stats.ts';
import { memberStatsVersion } from '../../../../src/plugins/betting/services/stats-versions.ts';
import { Refusal } from 'dbsbm';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { seedGames } from '../seed.ts';

// Issue 14: placement reads games and prices from a cache and answers a repeated interaction from the unique index.
// These pin that nothing a bet records can come from a stale read, and that a repeat answers as the pre-check did.

let bot: TestBot;
let ctx: BettingContext;
test.before(async () => {
  bot = await createTestBot({ plugins: [betting], tier: 'free' });
  ctx = bot.app.contextOf('betting') as unknown as BettingContext;
});
test.after.always(() => bot?.close());

let seq = 0;
const iid = (): string => `14${Date.now()}${++seq}`.slice(0, 19);
let members = 0;
const newMember = (): string => `1400000000000${String(++members).padStart(6, '0')}`;
const count = async (sql: string, params: (string | number)[] = []): Promise<number> => Number((await ctx.data.get<{ n: number }>(`select count(*) as n from ${sql}`, params))!.n);
const market = (userId: string, gameId: number, extra: Partial<Parameters<typeof placeStraight>[1]> = {}) =>
  placeStraight(ctx, { guildId: bot.guildId, userId, interactionId: iid(), gameId, market: 'h2h', selection: 'home', units: 1, ...extra });
/** A price written straight into the table, as another instance or a feed that published nothing would leave it. */
const priceByHand = (gameId: number, selection: string, price: number, market_ = 'h2h', line = 0) =>
  ctx.data.run('insert into betting_odds (game_id, market, selection, line, price, at, source) values (?, ?, ?, ?, ?, ?, ?)', [gameId, market_, selection, line, price, Date.now(), 'hand']);

test.serial('a repeated interaction answers with the bet it placed and writes no bet, audit row or event', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'p14-dup', home: 'Dup A', away: 'Dup B' }]);
  const user = newMember();
  const interactionId = iid();
  const first = await market(user, ids['p14-dup']!, { interactionId });
  t.false(first.duplicate);
  const counts = async () => [
    await count('betting_bets where interaction_id = ?', [interactionId]),
    await count('betting_bet_audit where bet_id = ?', [first.bet.id]),
    await count(`jobs where payload like ?`, [`%"bet.placed"%"betId":${first.bet.id},%`]),
  ];
  t.deepEqual(await counts(), [1, 1, 1]);
  const again = await market(user, ids['p14-dup']!, { interactionId });
  t.true(again.duplicate);
  t.is(again.bet.id, first.bet.id);
  t.is(again.bet.decimal, first.bet.decimal);
  t.deepEqual(await counts(), [1, 1, 1]);
});

test.serial('a repeated interaction is answered as placed even when its own bet filled the open-bet cap or the daily limit', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'p14-cap', home: 'Cap A', away: 'Cap B' }]);
  const user = newMember();
  await ctx.settings.set(bot.guildId, 'maxOpenBets', 1);
  try {
    const interactionId = iid();
    const first = await market(user, ids['p14-cap']!, { interactionId });
    const again = await market(user, ids['p14-cap']!, { interactionId });
    t.true(again.duplicate, 'the repeat is the same bet, not a refusal of a second one');
    t.is(again.bet.id, first.bet.id);
    const other = await t.throwsAsync(market(user, ids['p14-cap']!), { instanceOf: Refusal });
    t.is(other.code, 'OPEN_BET_CAP', 'a new interaction is still refused');
  } finally {
    await ctx.settings.set(bot.guildId, 'maxOpenBets', 'null');
  }

  const limited = newMember();
  await changeLimits(ctx.em(), bot.guildId, limited, { dailyUnits: 1 }, Date.now());
  const interactionId = iid();
  const first = await market(limited, ids['p14-cap']!, { interactionId });
  const again = await market(limited, ids['p14-cap']!, { interactionId });
  t.true(again.duplicate);
  t.is(again.bet.id, first.bet.id);
  t.is((await t.throwsAsync(market(limited, ids['p14-cap']!), { instanceOf: Refusal })).code, 'LIMIT_REACHED');
});

test.serial('a price changed with no event (another instance, by hand) is the next bet’s price of record, and the check of a typed price uses it', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'p14-price', home: 'Price A', away: 'Price B', h2h: [2.1, 3.4, 3.6] }]);
  const game = ids['p14-price']!;
  t.is((await market(newMember(), game)).bet.decimal, 2.1, 'the book is read and cached');
  await priceByHand(game, 'home', 2.5);
  const after = await market(newMember(), game);
  t.is(after.bet.decimal, 2.5);
  t.is(after.bet.american, 150);
  t.true(after.bet.verified);
  // +110 (2.10) was within the tolerance of the old price; against 2.50 it is 7.6 points away.
  const off = await t.throwsAsync(market(newMember(), game, { odds: '+110' }), { instanceOf: Refusal });
  t.is(off.code, 'PRICE_OFF_MARKET');
  t.regex(off.message, /The market price is \+150/);
  const stored = await ctx.data.get<{ decimal: number; fair_decimal_at_bet: number | null }>('select `decimal`, fair_decimal_at_bet from betting_bets where id = ?', [after.bet.id]);
  t.is(stored?.decimal, 2.5);
  t.is(stored?.fair_decimal_at_bet ?? null, after.bet.fairDecimalAtBet, 'the fair price is from the same, current book');
});

test.serial('a price change through the feed is used by the very next bet', async (t) => {
  const { ids, sink } = await seedGames(ctx, [{ key: 'p14-feed', home: 'Feed A', away: 'Feed B', h2h: [2.1, 3.4, 3.6] }]);
  const game = ids['p14-feed']!;
  t.is((await market(newMember(), game, { selection: 'away' })).bet.decimal, 3.6);
  await sink({ type: 'odds', prices: [{ providerId: 'test:p14-feed', market: 'h2h', selection: 'away', price: 4.2, at: new Date() }] });
  t.is((await market(newMember(), game, { selection: 'away' })).bet.decimal, 4.2);
});

test.serial('a game finalised, moved or reopened by hand is seen by the very next bet', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'p14-final', home: 'Final A', away: 'Final B' }, { key: 'p14-moved', home: 'Moved A', away: 'Moved B' }]);
  await market(newMember(), ids['p14-final']!);
  await ctx.data.run(`update betting_games set status = 'final', home_score = 1, away_score = 0 where id = ?`, [ids['p14-final']!]);
  const before = await count('betting_bets where game_id = ?', [ids['p14-final']!]);
  const closed = await t.throwsAsync(market(newMember(), ids['p14-final']!), { instanceOf: Refusal });
  t.is(closed.code, 'GAME_STARTED');
  t.regex(closed.message, /Final A v Final B has already started \(or is final\)/);
  t.is(await count('betting_bets where game_id = ?', [ids['p14-final']!]), before, 'nothing written');

  const moved = ids['p14-moved']!;
  await market(newMember(), moved);
  const later = Date.now() + 5 * 3600_000;
  await ctx.data.run('update betting_games set start_time = ? where id = ?', [later, moved]);
  const placed = await market(newMember(), moved);
  t.is(placed.games[0]!.startTime, later, 'the slip shows the new kick-off');
  await ctx.data.run('update betting_games set start_time = ? where id = ?', [Date.now() - 60_000, moved]);
  t.is((await t.throwsAsync(market(newMember(), moved), { instanceOf: Refusal })).code, 'GAME_STARTED');
  await ctx.data.run('update betting_games set start_time = ? where id = ?', [later, moved]);
  const reopened = await market(newMember(), moved);
  t.false(reopened.duplicate, 'a game put back in the future takes bets again, although the cache last saw it started');
});

test.serial('a parlay leg is priced at the leg’s current price, also when it changed with no event', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'p14-leg1', home: 'Leg A', away: 'Leg B', h2h: [2, 3.4, 3.6] }, { key: 'p14-leg2', home: 'Leg C', away: 'Leg D', h2h: [1.5, 4, 6] }]);
  const legs = [{ gameId: ids['p14-leg1']!, market: 'h2h', selection: 'home' }, { gameId: ids['p14-leg2']!, market: 'h2h', selection: 'home' }];
  const first = await placeParlay(ctx, { guildId: bot.guildId, userId: newMember(), interactionId: iid(), legs, units: 1 });
  t.is(first.bet.decimal, 3);
  await priceByHand(ids['p14-leg2']!, 'home', 1.8);
  const second = await placeParlay(ctx, { guildId: bot.guildId, userId: newMember(), interactionId: iid(), legs, units: 1 });
  t.is(second.bet.decimal, 3.6);
  const stored = await ctx.data.all<{ decimal: number }>('select `decimal` from betting_bet_legs where bet_id = ? order by id', [second.bet.id]);
  t.deepEqual(stored.map((l) => l.decimal), [2, 1.8]);
  t.deepEqual(second.games.map((g) => g.id), [ids['p14-leg1']!, ids['p14-leg2']!]);
});

test.serial('stats follow a settlement at once; a settlement leaves the cached stats of members it did not touch', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'p14-stats', home: 'Stats A', away: 'Stats B' }]);
  const bettor = newMember();
  const bystander = newMember();
  await market(bettor, ids['p14-stats']!, { units: 2 });
  const empty = await computeStats(ctx, { guildId: bot.guildId, userId: bettor });
  t.is(empty.bets, 0);
  const bystanderVersion = await memberStatsVersion(ctx, bot.guildId, bystander);
  const bettorVersion = await memberStatsVersion(ctx, bot.guildId, bettor);
  await settleGame(ctx, ids['p14-stats']!, { home: 1, away: 0 });
  const after = await computeStats(ctx, { guildId: bot.guildId, userId: bettor });
  t.is(after.bets, 1);
  t.is(after.wins, 1);
  t.is(after.net, 2.2);
  t.not(await memberStatsVersion(ctx, bot.guildId, bettor), bettorVersion);
  t.is(await memberStatsVersion(ctx, bot.guildId, bystander), bystanderVersion);
});
