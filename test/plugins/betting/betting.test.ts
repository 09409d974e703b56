import test from 'ava';
import betting from '../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { placeParlay, placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import { cancelBet, gradeBet, settleGame } from '../../../src/plugins/betting/services/settlement.ts';
import type { BettingRefusalCode } from '../../../src/plugins/betting/refusals.ts';
import { computeStats, leaderboard } from '../../../src/plugins/betting/services/stats.ts';
import { Refusal } from 'dbsbm';
import { assertRefusal } from '../../helpers/refusal.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { final, kickoff, seedGames } from './seed.ts';

let bot: TestBot;
let ctx: BettingContext;
test.before(async () => {
  bot = await createTestBot({ plugins: [betting], tier: 'free' });
  ctx = bot.app.contextOf('betting') as unknown as BettingContext;
});
test.after.always(() => bot?.close());

let seq = 0;
const iid = (): string => `9${Date.now()}${++seq}`.slice(0, 19);
const count = async (table: string, where = '1 = 1'): Promise<number> =>
  Number(((await ctx.em().getConnection().execute(`select count(*) as n from ${table} where ${where}`)) as { n: number }[])[0]!.n);
const place = (userId: string, gameId: number, extra: Partial<Parameters<typeof placeStraight>[1]> = {}) =>
  placeStraight(ctx, { guildId: bot.guildId, userId, interactionId: iid(), gameId, market: 'h2h', selection: 'home', odds: '+110', units: 1, ...extra });

test.serial('/bet place through the emulator: autocomplete, a locked slip in the server odds format, tail and fade buttons', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'ars-che', home: 'Arsenal', away: 'Chelsea', h2h: [1.91, 3.6, 4.2] }]);
  const games = await bot.as('carol').autocomplete('/bet place', 'game', { game: 'Arse' });
  t.is(games.length, 1);
  t.regex(games[0]!.name, /^Arsenal v Chelsea · /);
  const picks = await bot.as('carol').autocomplete('/bet place', 'selection', { game: String(ids['ars-che']), selection: '' });
  t.true(picks.some((p) => p.name === 'Arsenal @ -110' && p.value === 'h2h:home:0'));

  const reply = await bot.as('carol').run('/bet place', { game: String(ids['ars-che']), selection: 'h2h:home:0', units: 2, odds: '-105' });
  t.false(reply.ephemeral);
  t.regex(reply.content!, /Odds read as American -105/);
  const slip = reply.embeds[0]!;
  t.regex(slip.title!, /^Bet #\d+ · Arsenal v Chelsea$/);
  t.like(Object.fromEntries(slip.fields!.map((f) => [f.name, f.value])), { Pick: 'Arsenal', Odds: '-105', Stake: '2.00u', 'To win': '1.90u', Status: 'pending' });
  t.regex(JSON.stringify(reply.components), /betting:tail:\d+/);

  await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'oddsFormat', value: 'decimal' });
  const decimal = await bot.as('carol').run('/bet place', { game: String(ids['ars-che']), selection: 'over 2.5', units: 1 });
  t.is(decimal.embeds[0]!.fields!.find((f) => f.name === 'Odds')!.value, '1.90');
  await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'oddsFormat', value: 'american' });

  const tailed = await bot.as('bob').press(reply, `betting:tail:${/#(\d+)/.exec(slip.title!)![1]}`);
  t.true(tailed.ephemeral);
  t.regex(tailed.embeds[0]!.title!, /You tailed bet #\d+/);
  const overId = /#(\d+)/.exec(decimal.embeds[0]!.title!)![1];
  const faded = await bot.as('bob').press(decimal, `betting:fade:${overId}`);
  t.regex(faded.embeds[0]!.description!, /1u at -105 to win \+0\.95u/, 'the fade is the under at its own price (1.95), in the server format');
  const threeWay = await bot.as('bob').press(reply, `betting:fade:${/#(\d+)/.exec(slip.title!)![1]}`);
  t.regex(threeWay.embeds[0]!.description!, /three-way result has no single other side/);
});

test.serial('every refusal says why and changes nothing', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'liv-mun', home: 'Liverpool', away: 'Man United' }, { key: 'past', home: 'Everton', away: 'Fulham', inMinutes: -5 }]);
  const before = await count('betting_bets');
  const tries: [Partial<Parameters<typeof placeStraight>[1]>, BettingRefusalCode, RegExp][] = [
    [{ units: 50 }, 'UNITS_OUT_OF_RANGE', /Stakes in this server are 0\.1 to 10 units; you entered 50/],
    [{ units: 0.01 }, 'UNITS_OUT_OF_RANGE', /0\.1 to 10/],
    [{ odds: '-99' }, 'BAD_ODDS', /100/],
    [{ odds: '1.005' }, 'BAD_ODDS', /1\.01/],
    [{ gameId: ids.past }, 'GAME_STARTED', /Everton v Fulham has already started/],
    [{ gameId: 999999 }, 'GAME_NOT_FOUND', /not found/],
    [{ market: 'totals', selection: 'over', line: null }, 'BAD_SELECTION', /needs a line/],
    [{ selection: 'over' }, 'BAD_SELECTION', /not a selection of the h2h market/],
  ];
  for (const [extra, code, message] of tries) {
    const err = await t.throwsAsync(place(bot.users.carol, ids['liv-mun']!, extra), { instanceOf: Refusal });
    t.is(err.code, code);
    t.regex(err.message, message);
  }
  t.is(await count('betting_bets'), before);
  const reply = await bot.as('carol').run('/bet place', { game: String(ids['liv-mun']), selection: 'home', units: 99, odds: '-110' });
  assertRefusal(t, reply, 'UNITS_OUT_OF_RANGE');
  t.is(reply.embeds[0]!.title, 'Stake out of range');
  t.regex(reply.embeds[0]!.description!, /you entered 99/);
  t.is(await count('betting_bets'), before);
});

test.serial('the same refused stake gives the same refusal on /bet place, /bet parlay and the parlay builder', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'same-a', home: 'Same A', away: 'Same B' }, { key: 'same-c', home: 'Same C', away: 'Same D' }]);
  const before = await count('betting_bets');
  const place = await bot.as('carol').run('/bet place', { game: String(ids['same-a']), selection: 'home', units: 99, odds: '-110' });
  const parlay = await bot.as('carol').run('/bet parlay', { units: 99, leg1: String(ids['same-a']), pick1: 'home', leg2: String(ids['same-c']), pick2: 'away' });
  const builder = await bot.as('carol').run('/bet parlay', { units: 99 });
  for (const reply of [place, parlay, builder]) {
    assertRefusal(t, reply, 'UNITS_OUT_OF_RANGE');
    t.is(reply.embeds[0]!.description, place.embeds[0]!.description);
  }
  t.is(await count('betting_bets'), before);
});

test.serial('the same interaction never places two bets', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'dup', home: 'Brighton', away: 'Brentford' }]);
  const interactionId = iid();
  const input = { guildId: bot.guildId, userId: bot.users.bob, interactionId, gameId: ids.dup!, market: 'h2h', selection: 'away', odds: '+260', units: 1 };
  const results = await Promise.all([placeStraight(ctx, input), placeStraight(ctx, input), placeStraight(ctx, input)]);
  t.is(new Set(results.map((r) => r.bet.id)).size, 1);
  t.is(results.filter((r) => !r.duplicate).length, 1);
  t.is(await count('betting_bets', `interaction_id = '${interactionId}'`), 1);
});

test.serial('concurrent placements by one member cannot pass the open-bet cap', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'cap', home: 'Leeds', away: 'Wolves' }]);
  const user = '1100000000000000999';
  await ctx.settings.set(bot.guildId, 'maxOpenBets', 3);
  const results = await Promise.allSettled(Array.from({ length: 12 }, () => place(user, ids.cap!)));
  const placed = results.filter((r) => r.status === 'fulfilled').length;
  const refused = results.filter((r) => r.status === 'rejected' && (r.reason as Refusal).code === 'OPEN_BET_CAP').length;
  t.is(placed, 3);
  t.is(refused, 9);
  t.is(await count('betting_bets', `user_id = '${user}' and status = 'pending'`), 3);
  await ctx.settings.set(bot.guildId, 'maxOpenBets', 'null');
});

test.serial('auto-grading on the final score follows the payout formulas, and grading twice never counts twice', async (t) => {
  const { ids, sink } = await seedGames(ctx, [{ key: 'grade', home: 'Newcastle', away: 'Spurs', total: { line: 3, over: 1.8, under: 2.0 } }]);
  const user = '1100000000000000777';
  const win = await place(user, ids.grade!, { odds: '+110', units: 1 });
  const win2 = await place(user, ids.grade!, { odds: '+105', units: 2 });
  const loss = await place(user, ids.grade!, { selection: 'away', odds: '+260', units: 1.5 });
  const push = await place(user, ids.grade!, { market: 'totals', selection: 'over', line: 3, odds: '-125', units: 1 });
  await sink(kickoff('grade'));
  t.is((await ctx.em().fork().findOneOrFail((await import('../../../src/plugins/betting/entities/bet.ts')).BetSchema, { id: win.bet.id })).status, 'live');
  await sink(final('grade', 2, 1));
  await sink(final('grade', 2, 1));
  await settleGame(ctx, ids.grade!, { home: 2, away: 1 });
  const stats = await computeStats(ctx, { guildId: bot.guildId, userId: user });
  t.like(stats, { bets: 4, wins: 2, losses: 1, pushes: 1 });
  const net = 1.1 + 2.1 - 1.5 + 0;
  t.is(stats.net, Math.round(net * 1e4) / 1e4);
  t.is(stats.risked, 1 + 2 + 1.5 + 1);
  t.is(Math.round(stats.roi! * 1e6), Math.round((net / 5.5) * 1e6));
  t.is(stats.winRate, 2 / 3);
  t.is(await count('betting_unit_records', `user_id = '${user}'`), 4);
  t.is(await count('betting_bet_audit', `bet_id = ${push.bet.id}`), 3, 'placed, kick-off, graded');
  void win2;
  void loss;
});

test.serial('a parlay with a pushed leg is repriced on the others', async (t) => {
  const { ids, sink } = await seedGames(ctx, [
    { key: 'p1', home: 'A1', away: 'B1', h2h: [2.0, 3.3, 4.0] },
    { key: 'p2', home: 'A2', away: 'B2', total: { line: 3, over: 1.9, under: 1.9 } },
    { key: 'p3', home: 'A3', away: 'B3', h2h: [1.5, 4.0, 6.0] },
  ]);
  const user = '1100000000000000666';
  const { bet } = await placeParlay(ctx, {
    guildId: bot.guildId, userId: user, interactionId: iid(), units: 2,
    legs: [{ gameId: ids.p1!, market: 'h2h', selection: 'home' }, { gameId: ids.p2!, market: 'totals', selection: 'over', line: 3 }, { gameId: ids.p3!, market: 'h2h', selection: 'home' }],
  });
  t.is(bet.decimal, 5.7);
  await sink(final('p1', 1, 0));
  await sink(final('p2', 2, 1));
  t.is((await ctx.em().fork().findOneOrFail((await import('../../../src/plugins/betting/entities/bet.ts')).BetSchema, { id: bet.id })).status, 'pending', 'one leg to go');
  await sink(final('p3', 3, 0));
  const settled = await ctx.em().fork().findOneOrFail((await import('../../../src/plugins/betting/entities/bet.ts')).BetSchema, { id: bet.id });
  t.is(settled.status, 'won');
  t.is(settled.net, 2 * (2.0 * 1.5 - 1), 'priced on the two remaining legs: 2u × (3.0 − 1)');
});

test.serial('cancellation: only the owner, only before the game starts', async (t) => {
  const { ids, sink } = await seedGames(ctx, [{ key: 'cx', home: 'Villa', away: 'Forest' }]);
  const mine = await place(bot.users.carol, ids.cx!);
  const other = await t.throwsAsync(cancelBet(ctx, { guildId: bot.guildId, betId: mine.bet.id, userId: bot.users.bob }), { instanceOf: Refusal });
  t.is(other.code, 'NOT_YOUR_BET');
  const reply = await bot.as('carol').run('/bet cancel', { bet_id: mine.bet.id });
  t.is(reply.embeds[0]!.title, `Bet #${mine.bet.id} is cancelled`);
  const late = await place(bot.users.carol, ids.cx!);
  await sink(kickoff('cx'));
  const err = await t.throwsAsync(cancelBet(ctx, { guildId: bot.guildId, betId: late.bet.id, userId: bot.users.carol }), { instanceOf: Refusal });
  t.regex(err.message, /(has started|is live)/);
});

test.serial('manual grading: a prop by its bettor, another capper or a manager, after kick-off; locked once settled', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'prop', home: 'Bournemouth', away: 'Southampton', inMinutes: -5 }]);
  // Placed before kick-off (an hour ago); graded now, after it.
  const prop = await placeStraight(ctx, { guildId: bot.guildId, userId: bot.users.bob, interactionId: iid(), gameId: ids.prop!, market: 'h2h', selection: 'home', type: 'player_prop', description: 'Solanke to score', odds: '+250', units: 1, now: Date.now() - 3600_000 });
  t.false(prop.bet.verified, 'a prop is the member\'s word until someone else confirms it');
  const denied = await bot.as('carol').run('/bet grade', { bet_id: prop.bet.id, result: 'won' });
  assertRefusal(t, denied, 'NOT_ALLOWED');
  t.regex(denied.embeds[0]!.description!, /not yours; only its bettor, another capper or a server manager/);
  const ok = await bot.as('bob').run('/bet grade', { bet_id: prop.bet.id, result: 'won' });
  t.is(ok.embeds[0]!.title, `Bet #${prop.bet.id} is won`);
  t.regex(ok.embeds[0]!.description!, /\+2\.50u[\s\S]*does not count in records until another capper or a server manager confirms it/);
  t.is(await count('betting_unit_records', `bet_id = ${prop.bet.id}`), 0, 'self-graded: not counted');
  const again = await gradeBet(ctx, { guildId: bot.guildId, betId: prop.bet.id, result: 'won', actorId: bot.users.bob, isManager: false });
  t.false(again.changed);
  await t.throwsAsync(gradeBet(ctx, { guildId: bot.guildId, betId: prop.bet.id, result: 'lost', actorId: bot.users.alice, isManager: true }), { message: /already won/ });
  const confirmed = await gradeBet(ctx, { guildId: bot.guildId, betId: prop.bet.id, result: 'won', actorId: bot.users.alice, isManager: true });
  t.true(confirmed.changed);
  t.true(confirmed.bet.verified);
  t.is(await count('betting_unit_records', `bet_id = ${prop.bet.id}`), 1);
  t.is(await count('betting_bet_audit', `bet_id = ${prop.bet.id} and action = 'confirmed' and actor_id = '${bot.users.alice}'`), 1);
});

test.serial('/stats and /leaderboard through the emulator', async (t) => {
  const { ids, sink } = await seedGames(ctx, [{ key: 'st', home: 'City', away: 'Palace' }]);
  const user = bot.users.alice;
  await place(user, ids.st!, { odds: '+100', units: 2 });
  await place(user, ids.st!, { selection: 'away', odds: '+260', units: 1 });
  await ctx.settings.set(bot.guildId, 'leaderboardMinBets', 1);
  const before = await leaderboard(ctx, bot.guildId, 'net', 'all');
  await sink(final('st', 3, 0));
  const reply = await bot.as('carol').run('/stats', { user: user });
  const fields = Object.fromEntries(reply.embeds[0]!.fields!.map((f) => [f.name, f.value]));
  t.like(fields, { 'Record (W-L-P)': '1-1-0', 'Win rate': '50.0%', 'Units risked': '3.00u', 'Net units': '+1.00u', ROI: '33.3%' });
  const board = await bot.as('carol').run('/leaderboard', { metric: 'net', period: 'all' });
  t.regex(board.embeds[0]!.description!, new RegExp(`<@${user}> · \\+1\\.00u`));
  const after = await leaderboard(ctx, bot.guildId, 'net', 'all');
  t.notDeepEqual(after, before, 'the cached board was dropped on settlement');
});

test.serial('the leaderboard and /stats use one formula: same rounded net, risked, win rate and ROI for a member', async (t) => {
  const { ids, sink } = await seedGames(ctx, [{ key: 'one-formula', home: 'Float FC', away: 'Noise Town' }]);
  const user = '1100000000000000555';
  // Stakes whose sum carries float noise (0.1 + 0.2 + 0.4 = 0.7000000000000001 in SQL's sum): the leaderboard used to
  // divide by the unrounded sum, so its ROI differed from /stats in the last digits.
  await place(user, ids['one-formula']!, { odds: '+110', units: 0.1 });
  await place(user, ids['one-formula']!, { selection: 'away', odds: '+250', units: 0.2 });
  await place(user, ids['one-formula']!, { selection: 'away', odds: '+280', units: 0.4 });
  await ctx.settings.set(bot.guildId, 'leaderboardMinBets', 1);
  await sink(final('one-formula', 1, 0));
  const summary = await computeStats(ctx, { guildId: bot.guildId, userId: user });
  const row = (await leaderboard(ctx, bot.guildId, 'roi', 'all', Date.now(), 1000)).find((r) => r.userId === user)!;
  t.truthy(row);
  t.deepEqual({ net: row.net, risked: row.risked, winRate: row.winRate, roi: row.roi }, { net: summary.net, risked: summary.risked, winRate: summary.winRate, roi: summary.roi });
  t.is(row.risked, 0.7);
});

test.serial('limits: a daily limit refuses kindly, raising waits 24 hours, cooling-off refuses', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'lim', home: 'West Ham', away: 'Leicester', inMinutes: 48 * 60 }]);
  const dave = bot.emulator.createUser({ username: 'dave' });
  bot.emulator.addMember(bot.guildId, dave.id);
  const erin = bot.emulator.createUser({ username: 'erin' });
  bot.emulator.addMember(bot.guildId, erin.id);
  const set = await bot.as(dave.id).run('/limits', { daily_units: 2 });
  t.true(set.ephemeral);
  t.regex(set.embeds[0]!.description!, /Daily: 2 units/);
  await place(dave.id, ids.lim!, { units: 1.5 });
  const over = await t.throwsAsync(place(dave.id, ids.lim!, { units: 1 }), { instanceOf: Refusal });
  t.is(over.code, 'LIMIT_REACHED');
  t.regex(over.message, /past your daily limit of 2 units \(1\.5 staked so far, 0\.50 left\)/);
  const raised = await bot.as(dave.id).run('/limits', { daily_units: 20 });
  t.regex(raised.embeds[0]!.description!, /Daily: 2 units[\s\S]*applies in 24 hours/);
  await t.throwsAsync(place(dave.id, ids.lim!, { units: 1 }), { instanceOf: Refusal }, 'still 2 units today');
  await t.notThrowsAsync(place(dave.id, ids.lim!, { units: 1, now: Date.now() + 25 * 3600_000 }), 'the raise applies after 24 hours');
  await bot.as(erin.id).run('/limits', { cooling_off_days: 3 });
  const cooling = await t.throwsAsync(place(erin.id, ids.lim!), { instanceOf: Refusal });
  t.is(cooling.code, 'COOLING_OFF');
  const reply = await bot.as(erin.id).run('/bet place', { game: String(ids.lim), selection: 'home', units: 1, odds: '+110' });
  assertRefusal(t, reply, 'COOLING_OFF');
  t.is(reply.embeds[0]!.title, 'You are taking a break');
  t.regex(reply.embeds[0]!.description!, /cooling-off period until/);
});

test.serial('a postponed game voids its bets', async (t) => {
  const { ids, sink } = await seedGames(ctx, [{ key: 'pp', home: 'Burnley', away: 'Luton' }]);
  const bet = await place(bot.users.alice, ids.pp!);
  await sink({ type: 'game.postponed', providerId: 'test:pp', at: new Date() });
  const voided = await ctx.em().fork().findOneOrFail((await import('../../../src/plugins/betting/entities/bet.ts')).BetSchema, { id: bet.bet.id });
  t.is(voided.status, 'void');
  t.is(voided.net, 0);
});

test.serial('the parlay builder: menus of games and picks, then Place, once however often it is pressed', async (t) => {
  const { ids } = await seedGames(ctx, [
    { key: 'pb1', home: 'Builder A', away: 'Builder B', h2h: [2.0, 3.0, 4.0] },
    { key: 'pb2', home: 'Builder C', away: 'Builder D', total: { line: 2.5, over: 1.5, under: 2.5 } },
  ]);
  const user = bot.emulator.createUser({ username: 'builder' });
  bot.emulator.addMember(bot.guildId, user.id);
  const me = bot.as(user.id);
  const open = await me.run('/bet parlay', { units: 2 });
  t.true(open.ephemeral);
  t.is(open.embeds[0]!.title, 'Parlay builder · 2u');
  const draftId = /betting:pb:game:(\d+)/.exec(JSON.stringify(open.components))![1]!;

  let view = await me.select(open, `betting:pb:game:${draftId}`, [String(ids.pb1)]);
  t.regex(JSON.stringify(view.components), new RegExp(`betting:pb:pick:${draftId}:${ids.pb1}`));
  view = await me.select(open, `betting:pb:pick:${draftId}:${ids.pb1}`, ['h2h:home:0']);
  t.regex(view.embeds[0]!.description!, /1\. Builder A — Builder A v Builder B @ \+100/);
  view = await me.select(open, `betting:pb:game:${draftId}`, [String(ids.pb2)]);
  view = await me.select(open, `betting:pb:pick:${draftId}:${ids.pb2}`, ['totals:over:2.5']);
  t.regex(view.embeds[0]!.description!, /2 legs @ \+200\*\* — to win 4\.00u/);

  const stranger = await bot.as('carol').press(open, `betting:pb:place:${draftId}`);
  assertRefusal(t, stranger, 'NOT_ALLOWED');
  t.regex(stranger.embeds[0]!.description!, /belongs to someone else/);
  // Two presses in flight at once (a double click before the message updates) place one parlay.
  const presses = await Promise.allSettled([me.press(open, `betting:pb:place:${draftId}`), me.press(open, `betting:pb:place:${draftId}`)]);
  const replies = presses.filter((p) => p.status === 'fulfilled').map((p) => (p as PromiseFulfilledResult<{ embeds: { title?: string }[] }>).value);
  t.true(replies.some((r) => /^Bet #\d+ · 2-leg parlay$/.test(r.embeds[0]?.title ?? '')));
  t.is(await count('betting_bets', `user_id = '${user.id}' and type = 'parlay'`), 1);
});
