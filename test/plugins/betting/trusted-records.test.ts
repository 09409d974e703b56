import test from 'ava';
import { Refusal } from 'dbsbm';
import betting from '../../../src/plugins/betting/index.ts';
import { bettingApi } from '../../../src/plugins/betting/api/index.ts';
import { BetSchema } from '../../../src/plugins/betting/entities/bet.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { readOdds } from '../../../src/plugins/betting/services/odds-input.ts';
import { placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import { findUnsafeCharacter } from '../../../src/plugins/betting/services/safe-label.ts';
import { gradeBet, regradeBet } from '../../../src/plugins/betting/services/settlement.ts';
import { computeStats, leaderboard } from '../../../src/plugins/betting/services/stats.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { assertRefusal } from '../../helpers/refusal.ts';
import { final, seedGames } from './seed.ts';

// Issue 12, "Records that can be trusted": prices of record, grading, odds input and labels.

let bot: TestBot;
let ctx: BettingContext;
test.before(async () => {
  bot = await createTestBot({ plugins: [betting], tier: 'free' });
  ctx = bot.app.contextOf('betting') as unknown as BettingContext;
});
test.after.always(() => bot?.close());

let seq = 0;
const iid = (): string => `7${Date.now()}${++seq}`.slice(0, 19);
const count = async (table: string, where = '1 = 1'): Promise<number> =>
  Number(((await ctx.em().getConnection().execute(`select count(*) as n from ${table} where ${where}`)) as { n: number }[])[0]!.n);
const betById = (id: number) => ctx.em().fork().findOneOrFail(BetSchema, { id });
const newMember = (username: string): string => {
  const user = bot.emulator.createUser({ username });
  bot.emulator.addMember(bot.guildId, user.id);
  return user.id;
};
const api = () => bettingApi(ctx);

test.serial('+99999 on a game line is refused with the market shown, and nothing is stored', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'tr-big', home: 'Big A', away: 'Big B', h2h: [2.1, 3.4, 3.6] }]);
  const before = await count('betting_bets');
  const reply = await bot.as('carol').run('/bet place', { game: String(ids['tr-big']), selection: 'home', units: 1, odds: '+99999' });
  assertRefusal(t, reply, 'PRICE_OFF_MARKET');
  t.regex(reply.embeds[0]!.description!, /The market price is \+110; your \+99999 \(read as American \+99999\) is 47\.5 points/);
  t.regex(reply.embeds[0]!.description!, /Leave the odds out to bet at the market's \+110/);
  t.is(await count('betting_bets'), before);
  // Within the tolerance (3 points by default) a book's own price is taken and counts.
  const near = await placeStraight(ctx, { guildId: bot.guildId, userId: bot.users.carol, interactionId: iid(), gameId: ids['tr-big']!, market: 'h2h', selection: 'home', odds: '+105', units: 1 });
  t.true(near.bet.verified);
  t.is(near.bet.american, 105);
});

test.serial('where the server allows it, an off-market price is stored unverified, marked, and never counts in records', async (t) => {
  const { ids, sink } = await seedGames(ctx, [{ key: 'tr-unv', home: 'Unv A', away: 'Unv B', h2h: [2.1, 3.4, 3.6] }]);
  const faker = newMember('faker');
  const honest = newMember('honest');
  const set = await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'allowUnverifiedPrices', value: 'true' });
  t.false(/Code:/.test(JSON.stringify(set.embeds)), JSON.stringify(set.embeds));
  await ctx.settings.set(bot.guildId, 'leaderboardMinBets', 1);
  try {
    const placed = await bot.as(faker).run('/bet place', { game: String(ids['tr-unv']), selection: 'home', units: 5, odds: '+99999' });
    t.regex(placed.content!, /read as American \+99999/);
    const slip = Object.fromEntries(placed.embeds[0]!.fields!.map((f) => [f.name, f.value]));
    t.regex(slip.Unverified!, /outside the server's tolerance of the market: it never counts in records/);
    t.regex(placed.embeds[0]!.footer!.text, /unverified/);
    await placeStraight(ctx, { guildId: bot.guildId, userId: honest, interactionId: iid(), gameId: ids['tr-unv']!, market: 'h2h', selection: 'home', units: 1 });
    await sink(final('tr-unv', 2, 0));

    const fake = (await ctx.em().fork().find(BetSchema, { userId: faker }))[0]!;
    t.is(fake.status, 'won', 'the feed grades it like any bet');
    t.false(fake.verified);
    t.is(await count('betting_unit_records', `user_id = '${faker}'`), 0);
    t.is(await count('betting_unit_records', `user_id = '${honest}'`), 1);

    // Leaderboards, capper records (/stats) and the records API that analytics and ml read: none of them see it.
    for (const metric of ['net', 'roi', 'winrate'] as const) {
      const board = await leaderboard(ctx, bot.guildId, metric, 'all', Date.now(), 1000);
      t.false(board.some((r) => r.userId === faker), `not on the ${metric} board`);
      t.true(board.some((r) => r.userId === honest));
    }
    t.like(await computeStats(ctx, { guildId: bot.guildId, userId: faker }), { bets: 0, net: 0 });
    const boardReply = await bot.as('carol').run('/leaderboard', { metric: 'roi', period: 'all' });
    t.notRegex(boardReply.embeds[0]!.description ?? '', new RegExp(faker));
    const stats = await bot.as('carol').run('/stats', { user: faker });
    t.notRegex(JSON.stringify(stats.embeds), /\+4999/);
    t.deepEqual(await api().settledBets({ guildId: bot.guildId, userId: faker }), []);
    t.deepEqual(await api().memberDayTotals({ guildId: bot.guildId, userId: faker }), []);
    t.is(await api().settlementOf(fake.id), null);
    // Views of activity (not records) include it, marked, so models can tell.
    const activity = await api().betsSince(bot.guildId, 0);
    t.false(activity.find((b) => b.id === fake.id)!.verified);
    t.true(activity.find((b) => b.userId === honest)!.verified);

    // The member's own list still shows it, marked.
    const list = await bot.as(faker).run('/bet list', { status: 'all' });
    t.regex(list.embeds[0]!.description!, new RegExp(`#${fake.id}\\*\\*.*won.*\\*unverified\\*`));
  } finally {
    await ctx.settings.set(bot.guildId, 'allowUnverifiedPrices', false);
  }
});

test.serial('a bare 1000 is read in the server odds format, and the reading is shown', async (t) => {
  t.like(readOdds('1000', 'american'), { ok: true, american: 1000, reading: 'American +1000' });
  t.like(readOdds('1000', 'decimal'), { ok: true, decimal: 1000, reading: 'decimal 1000.00' });
  t.like(readOdds('1000', 'fractional'), { ok: false });
  t.like(readOdds('2.5', 'american'), { ok: true, decimal: 2.5, reading: 'decimal 2.50' });
  t.like(readOdds('5/2', 'decimal'), { ok: true, decimal: 3.5, reading: 'fractional 5/2' });
  t.like(readOdds('-110', 'decimal'), { ok: true, american: -110, reading: 'American -110' });

  const { ids } = await seedGames(ctx, [{ key: 'tr-1000', home: 'Read A', away: 'Read B' }]);
  const american = await bot.as('carol').run('/bet place', { game: String(ids['tr-1000']), selection: 'home', units: 1, odds: '1000' });
  assertRefusal(t, american, 'PRICE_OFF_MARKET');
  t.regex(american.embeds[0]!.description!, /\(read as American \+1000\)/);
  await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'oddsFormat', value: 'decimal' });
  try {
    const decimal = await bot.as('carol').run('/bet place', { game: String(ids['tr-1000']), selection: 'home', units: 1, odds: '1000' });
    assertRefusal(t, decimal, 'PRICE_OFF_MARKET');
    t.regex(decimal.embeds[0]!.description!, /The market price is 2\.10; your 1000\.00 \(read as decimal 1000\.00\)/);
    const taken = await bot.as('carol').run('/bet place', { game: String(ids['tr-1000']), selection: 'home', units: 1, odds: '2.15' });
    t.regex(taken.content!, /Odds read as decimal 2\.15/);
  } finally {
    await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'oddsFormat', value: 'american' });
  }
});

test.serial('a decimal-format slip says "To win" exactly what settlement pays, to the cent', async (t) => {
  // 1.945 is -106 in American: paying from the rounded American price gave 9.43u for a slip that said 9.45u.
  const { ids, sink } = await seedGames(ctx, [{ key: 'tr-cent', home: 'Cent A', away: 'Cent B', h2h: [1.945, 3.6, 4.0] }]);
  await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'oddsFormat', value: 'decimal' });
  try {
    const reply = await bot.as('carol').run('/bet place', { game: String(ids['tr-cent']), selection: 'home', units: 10 });
    const fields = Object.fromEntries(reply.embeds[0]!.fields!.map((f) => [f.name, f.value]));
    t.is(fields['To win'], '9.45u');
    const betId = Number(/#(\d+)/.exec(reply.embeds[0]!.title!)![1]);
    const tailed = await bot.as('bob').press(reply, `betting:tail:${betId}`);
    t.regex(tailed.embeds[0]!.description!, /10u at 1\.95 to win \+9\.45u/, 'tail replies use the server format and the same formula');
    await sink(final('tr-cent', 1, 0));
    const paid = await betById(betId);
    t.is(paid.status, 'won');
    t.is(paid.net!.toFixed(2), '9.45');
    t.is(paid.net, 9.45);
  } finally {
    await bot.as('alice').run('/settings set', { plugin: 'betting', key: 'oddsFormat', value: 'american' });
  }
});

test.serial('a self-graded prop before kick-off is refused; graded by another capper after kick-off it counts', async (t) => {
  const { ids } = await seedGames(ctx, [{ key: 'tr-prop', home: 'Prop A', away: 'Prop B', inMinutes: 30 }]);
  const bettor = newMember('propper');
  const prop = await placeStraight(ctx, { guildId: bot.guildId, userId: bettor, interactionId: iid(), gameId: ids['tr-prop']!, market: 'h2h', selection: 'home', type: 'player_prop', description: 'Prop A striker 2+ goals', odds: '+5000', units: 1 });
  const early = await bot.as(bettor).run('/bet grade', { bet_id: prop.bet.id, result: 'won' });
  assertRefusal(t, early, 'GRADE_TOO_EARLY');
  const byAdmin = await t.throwsAsync(gradeBet(ctx, { guildId: bot.guildId, betId: prop.bet.id, result: 'won', actorId: bot.users.alice, isManager: true }), { instanceOf: Refusal });
  t.is(byAdmin.code, 'GRADE_TOO_EARLY', 'not even an admin grades before the start');
  t.is((await betById(prop.bet.id)).status, 'pending');
  t.is(await count('betting_bet_audit', `bet_id = ${prop.bet.id}`), 1, 'only the placing');

  // A game line is the feed's to grade, not its bettor's.
  const line = await placeStraight(ctx, { guildId: bot.guildId, userId: bettor, interactionId: iid(), gameId: ids['tr-prop']!, market: 'h2h', selection: 'home', units: 1 });
  const own = await t.throwsAsync(gradeBet(ctx, { guildId: bot.guildId, betId: line.bet.id, result: 'won', actorId: bettor, isManager: false, now: Date.now() + 3600_000 }), { instanceOf: Refusal });
  t.is(own.code, 'NOT_ALLOWED');
  t.regex(own.message, /graded by the feed/);

  // bob is a capper (has a profile) and not the bettor: his grade after kick-off confirms it.
  await bot.as('bob').run('/capper setup', { name: 'Bob Picks' });
  const later = Date.now() + 3600_000;
  const graded = await gradeBet(ctx, { guildId: bot.guildId, betId: prop.bet.id, result: 'won', actorId: bot.users.bob, isManager: false, now: later });
  t.true(graded.changed);
  t.true(graded.bet.verified);
  t.is(graded.bet.net, 50);
  t.is(await count('betting_unit_records', `bet_id = ${prop.bet.id}`), 1);
  t.like(await computeStats(ctx, { guildId: bot.guildId, userId: bettor }), { bets: 1, wins: 1, net: 50 });
  t.is(await count('betting_bet_audit', `bet_id = ${prop.bet.id} and action = 'graded' and actor_id = '${bot.users.bob}'`), 1);
});

test.serial('an admin regrades a settled bet with a reason: stats follow, the audit log says who and why, bet.settled again', async (t) => {
  const { ids, sink } = await seedGames(ctx, [{ key: 'tr-re', home: 'Re A', away: 'Re B', h2h: [2.0, 3.4, 3.8] }]);
  const member = newMember('regraded');
  const placed = await placeStraight(ctx, { guildId: bot.guildId, userId: member, interactionId: iid(), gameId: ids['tr-re']!, market: 'h2h', selection: 'home', units: 2 });
  await sink(final('tr-re', 0, 1));
  t.like(await computeStats(ctx, { guildId: bot.guildId, userId: member }), { wins: 0, losses: 1, net: -2 });

  const notManager = await bot.as('bob').run('/bet regrade', { bet_id: placed.bet.id, result: 'won', reason: 'feed had the score backwards' });
  assertRefusal(t, notManager, 'NOT_ALLOWED');
  const settledEvents = () => count('jobs', `payload like '%"bet.settled"%' and payload like '%"betId":${placed.bet.id},%'`);
  const eventsBefore = await settledEvents();
  const reply = await bot.as('alice').run('/bet regrade', { bet_id: placed.bet.id, result: 'won', reason: 'feed had the score backwards' });
  t.is(reply.embeds[0]!.title, `Bet #${placed.bet.id} is now won`);
  t.regex(reply.embeds[0]!.description!, /\+2\.00u/);

  const bet = await betById(placed.bet.id);
  t.like(bet, { status: 'won', net: 2 });
  t.like(await computeStats(ctx, { guildId: bot.guildId, userId: member }), { wins: 1, losses: 0, net: 2 });
  const rows = (await ctx.em().getConnection().execute(`select actor_id, from_status, to_status, details from betting_bet_audit where bet_id = ? and action = 'regraded'`, [placed.bet.id])) as { actor_id: string; from_status: string; to_status: string; details: unknown }[];
  t.is(rows.length, 1);
  t.like(rows[0], { actor_id: bot.users.alice, from_status: 'lost', to_status: 'won' });
  const details = typeof rows[0]!.details === 'string' ? (JSON.parse(rows[0]!.details) as Record<string, unknown>) : (rows[0]!.details as Record<string, unknown>);
  t.like(details, { reason: 'feed had the score backwards', fromNet: -2, net: 2 });
  t.true((await settledEvents()) > eventsBefore, 'bet.settled written again, durably');

  const open = await placeStraight(ctx, { guildId: bot.guildId, userId: member, interactionId: iid(), gameId: (await seedGames(ctx, [{ key: 'tr-re2', home: 'Re C', away: 'Re D' }])).ids['tr-re2']!, market: 'h2h', selection: 'home', units: 1 });
  const notSettled = await t.throwsAsync(regradeBet(ctx, { guildId: bot.guildId, betId: open.bet.id, result: 'won', reason: 'because', actorId: bot.users.alice, isManager: true }), { instanceOf: Refusal });
  t.is(notSettled.code, 'NOT_SETTLED');
});

test.serial('capper names and prop descriptions with bidi overrides or invisible characters are refused, saying which and where', async (t) => {
  t.deepEqual(findUnsafeCharacter('Sharp\u202Eyek'), { codePoint: 'U+202E', kind: 'a text-direction override', position: 6 });
  t.like(findUnsafeCharacter('Bob\u200B'), { codePoint: 'U+200B', position: 4 });
  t.like(findUnsafeCharacter('\u2066Bob\u2069'), { codePoint: 'U+2066', position: 1 });
  t.like(findUnsafeCharacter('Bo\u00ADb'), { codePoint: 'U+00AD' });
  t.like(findUnsafeCharacter('Bob\uFEFF'), { codePoint: 'U+FEFF' });
  t.like(findUnsafeCharacter('a\u0007b'), { codePoint: 'U+0007', kind: 'a control character' });
  t.is(findUnsafeCharacter('Zoë Café 🎯 Ωmega'), null);

  const namer = newMember('namer');
  const before = await count('betting_cappers');
  const bidi = await bot.as(namer).run('/capper setup', { name: 'Sharp\u202Eyek' });
  assertRefusal(t, bidi, 'UNSAFE_TEXT');
  t.regex(bidi.embeds[0]!.description!, /The capper name contains a text-direction override \(U\+202E\) at character 6/);
  const invisible = await bot.as(namer).run('/capper setup', { name: 'B\u200Bob' });
  assertRefusal(t, invisible, 'UNSAFE_TEXT');
  t.regex(invisible.embeds[0]!.description!, /zero-width character \(U\+200B\) at character 2/);
  t.is(await count('betting_cappers'), before);

  const { ids } = await seedGames(ctx, [{ key: 'tr-label', home: 'Label A', away: 'Label B' }]);
  const bets = await count('betting_bets');
  const prop = await bot.as(namer).run('/bet prop', { game: String(ids['tr-label']), description: 'Label A \u2067win\u2069', odds: '+150', units: 1 });
  assertRefusal(t, prop, 'UNSAFE_TEXT');
  t.regex(prop.embeds[0]!.description!, /The prop description contains a text-direction isolate \(U\+2067\) at character 9/);
  t.is(await count('betting_bets'), bets);
});
