import test from 'ava';
import type { EmulatedMessage } from '../../../../src/emulator/index.ts';
import { placeStraight } from '../../../../src/plugins/betting/services/placement.ts';
import { settleGame } from '../../../../src/plugins/betting/services/settlement.ts';
import { assertRefusal } from '../../../helpers/refusal.ts';
import { seedGames } from '../../betting/seed.ts';
import { bootWorld, eventually, leaderboardEvents, sql, type World } from './harness.ts';

let w: World;

test.before(async () => {
  w = await bootWorld();
});
test.after.always(() => w?.bot.close());

interface Button {
  custom_id: string;
  label: string;
}
const buttons = (m: EmulatedMessage): Button[] => m.components.flatMap((row) => ((row as { components?: Button[] }).components ?? []));
/** PATCHes the bot sent for one message (edits), as the emulator recorded them. */
const editsOf = (channelId: string, messageId: string): number =>
  w.bot.emulator.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/channels/${channelId}/messages/${messageId}`)).length;
const at = () => new Date();

test.serial('/live scoreboard: one message per live game, edited as the score changes (a burst coalesced), a last edit at full time', async (t) => {
  const channel = w.bot.channels.results;
  const reply = await w.bot.as('alice').run('/live scoreboard', { channel });
  t.true(reply.ephemeral);
  t.is(reply.embeds[0]?.title, 'Live scoreboards on');

  const { ids, sink } = await seedGames(w.betting, [{ key: 'sb', home: 'Arsenal', away: 'Chelsea', inMinutes: 1 }]);
  const gameId = ids.sb!;
  await sink({ type: 'game.started', providerId: 'test:sb', at: at() });
  const board = await eventually(() => w.bot.messages(channel).find((m) => m.embeds[0]?.footer?.text?.startsWith(`Game ${gameId} `)), 'the scoreboard message');
  t.is(board.embeds[0]!.title, 'Arsenal v Chelsea');
  t.regex(board.embeds[0]!.description!, /LIVE/);

  // Ten goals in a burst: the board ends at the last score, in a few edits, never ten.
  for (let i = 1; i <= 10; i++) await sink({ type: 'game.score', providerId: 'test:sb', home: i, away: 0, at: at() });
  await eventually(() => (w.bot.emulator.message(board.id)?.embeds[0]?.title === 'Arsenal 10 – 0 Chelsea' ? true : undefined), 'the last score on the board');
  const edits = editsOf(channel, board.id);
  t.true(edits >= 1 && edits <= 3, `10 score events made ${edits} edits`);

  await sink({ type: 'game.final', providerId: 'test:sb', home: 10, away: 1, at: at() });
  const final = await eventually(() => {
    const m = w.bot.emulator.message(board.id);
    return m?.embeds[0]?.description?.includes('Full time') ? m : undefined;
  }, 'the final edit');
  t.is(final.embeds[0]!.title, 'Arsenal 10 – 1 Chelsea');
  t.is(w.bot.messages(channel).filter((m) => m.embeds[0]?.footer?.text?.startsWith(`Game ${gameId} `)).length, 1, 'one message for the game, never a second');
  // The board is marked finished once its last edit went out (a failed edit is tried again), so just after it.
  const finishedAt = await eventually(async () => {
    const [row] = await sql<{ finished_at: unknown }>(w.bot.app, 'select finished_at from stream_live_boards where game_id = ?', [gameId]);
    return row?.finished_at ?? undefined;
  }, 'the board marked finished');
  t.truthy(finishedAt, 'the board is finished: no more edits');
});

test.serial('/live leaderboard: the message is re-ranked after a settle, and leaderboard.updated goes to the server’s topic', async (t) => {
  await w.betting.settings.set(w.bot.guildId, 'leaderboardMinBets', 1);
  const channel = w.bot.channels.general;
  const reply = await w.bot.as('alice').run('/live leaderboard', { channel, metric: 'net', period: 'all' });
  t.is(reply.embeds[0]?.title, 'Live leaderboard on');
  const board = await eventually(() => w.bot.messages(channel).find((m) => m.embeds[0]?.title?.startsWith('Live leaderboard')), 'the leaderboard message');
  t.regex(board.embeds[0]!.description!, /Nobody is ranked/);

  const head = await w.stream.topics.head();
  const { ids } = await seedGames(w.betting, [{ key: 'lb', home: 'Leeds', away: 'Everton', h2h: [2.0, 3.4, 3.6] }]);
  await placeStraight(w.betting, { guildId: w.bot.guildId, userId: w.bot.users.bob, interactionId: 'lb-1', gameId: ids.lb!, market: 'h2h', selection: 'home', units: 2 });
  await settleGame(w.betting, ids.lb!, { home: 1, away: 0 }, Date.now());

  const ranked = await eventually(() => {
    const m = w.bot.emulator.message(board.id);
    return m?.embeds[0]?.description?.includes(`<@${w.bot.users.bob}>`) ? m : undefined;
  }, 'bob ranked on the leaderboard');
  t.regex(ranked.embeds[0]!.description!, /\*\*1\.\*\* <@\d+> · \+2\.00u/);
  const events = await eventually(async () => {
    const all = await leaderboardEvents(w, head);
    return all.some((e) => (e.data.rows as { userId: string }[]).some((r) => r.userId === w.bot.users.bob)) ? all : undefined;
  }, 'leaderboard.updated with bob');
  t.true(events.every((e) => e.event === 'leaderboard.updated'));
  t.like(events.at(-1)!.data, { metric: 'net', period: 'all' });
  t.like((events.at(-1)!.data.rows as Record<string, unknown>[])[0], { rank: 1, userId: w.bot.users.bob, net: 2 });
});

test.serial('/live game: a thread with the scoreboard pinned; a price move posts Bet buttons that place a bet (audited) or refuse over a limit; Tail copies another member', async (t) => {
  const { ids, sink } = await seedGames(w.betting, [{ key: 'thr', home: 'Brighton', away: 'Fulham', inMinutes: 90, h2h: [2.1, 3.4, 3.6] }]);
  const gameId = ids.thr!;
  const choices = await w.bot.as('carol').autocomplete('/live game', 'game', { game: 'Brigh' });
  t.true(choices.some((c) => c.value === String(gameId)), 'the game is offered as you type');

  const general = w.bot.channels.general;
  const reply = await w.bot.as('carol').run('/live game', { game: String(gameId) });
  t.is(reply.embeds[0]?.title, 'Game thread opened');
  const [thread] = w.bot.emulator.threads(general);
  t.truthy(thread);
  t.is(thread!.name, 'Brighton v Fulham');
  t.regex(reply.embeds[0]!.description!, new RegExp(`<#${thread!.id}>`));
  const pinned = w.bot.emulator.pinnedMessages(thread!.id);
  t.is(pinned.length, 1);
  t.is(pinned[0]!.embeds[0]!.title, 'Brighton v Fulham');
  t.regex(pinned[0]!.embeds[0]!.fields![0]!.value, /Brighton \*\*\+110\*\*/);

  const again = await w.bot.as('bob').run('/live game', { game: String(gameId) });
  t.is(again.embeds[0]?.title, 'This game has a thread already');
  t.is(w.bot.emulator.threads(general).length, 1);

  // The home price shortens: a post with Bet buttons at the new price, and the pinned scoreboard follows.
  await sink({ type: 'odds', prices: [{ providerId: 'test:thr', market: 'h2h', selection: 'home', price: 2.0, at: at() }] });
  const post = await eventually(() => w.bot.messages(thread!.id).find((m) => m.embeds[0]?.title?.startsWith('Prices moved')), 'a price-update post');
  t.regex(post.embeds[0]!.description!, /Brighton \*\*\+100\*\* ▼/);
  const bets = buttons(post);
  t.deepEqual(bets.map((b) => b.label), ['Brighton +100 · 1u', 'Draw +240 · 1u', 'Fulham +260 · 1u']);
  await eventually(() => (w.bot.emulator.message(pinned[0]!.id)?.embeds[0]?.fields?.[0]?.value.includes('+100') ? true : undefined), 'the pinned scoreboard edited');

  // One press: a bet at the shown price, written with its audit row like /bet place.
  const placed = await w.bot.as('bob').press(post.id, bets[0]!.custom_id);
  t.true(placed.ephemeral);
  t.is(placed.embeds[0]?.title, 'Bet placed');
  const [bet] = await sql<{ id: unknown; user_id: string; units: unknown; decimal: unknown; verified: unknown }>(w.bot.app, 'select id, user_id, units, `decimal`, verified from betting_bets where game_id = ?', [gameId]);
  t.is(bet?.user_id, w.bot.users.bob);
  t.is(Number(bet?.units), 1);
  t.is(Number(bet?.decimal), 2.0);
  t.truthy(Number(bet?.verified));
  const audit = await sql<{ actor_id: string; action: string }>(w.bot.app, 'select actor_id, action from betting_bet_audit where bet_id = ?', [Number(bet!.id)]);
  t.deepEqual(audit.map((a) => ({ ...a })), [{ actor_id: w.bot.users.bob, action: 'placed' }]);

  // Over the member's own daily limit: refused as /bet place refuses it, nothing written.
  await w.bot.as('carol').run('/limits', { daily_units: 0.5 });
  const refused = await w.bot.as('carol').press(post.id, bets[1]!.custom_id);
  assertRefusal(t, refused, 'LIMIT_REACHED');
  t.is((await sql(w.bot.app, 'select id from betting_bets where game_id = ? and user_id = ?', [gameId, w.bot.users.carol])).length, 0);

  // The next move (after the post interval) offers Tail: alice copies bob's bet in one press.
  await sink({ type: 'odds', prices: [{ providerId: 'test:thr', market: 'h2h', selection: 'away', price: 3.8, at: at() }] });
  const next = await eventually(() => w.bot.messages(thread!.id).filter((m) => m.embeds[0]?.title?.startsWith('Prices moved')).at(1), 'a second price post', 20_000);
  const tail = buttons(next).find((b) => b.label === 'Tail');
  t.truthy(tail, 'a Tail button once someone has an open bet on the game');
  const tailed = await w.bot.as('alice').press(next.id, tail!.custom_id);
  t.is(tailed.embeds[0]?.title, `You tailed bet #${Number(bet!.id)}`);
  const copies = await sql<{ source_bet_id: unknown; user_id: string }>(w.bot.app, 'select source_bet_id, user_id from betting_bets where game_id = ? and user_id = ?', [gameId, w.bot.users.alice]);
  t.is(Number(copies[0]?.source_bet_id), Number(bet!.id));
});

test.serial('gate: a server below platinum, or with the plugin off, is refused /live and gets no boards', async (t) => {
  await w.bot.setTier('premium');
  const below = await w.bot.as('alice').run('/live scoreboard', { channel: w.bot.channels.bets });
  t.true(below.ephemeral);
  t.is(below.embeds[0]?.title, 'Not available here');
  await w.bot.setTier('platinum');
  await w.bot.app.settings.setEnabled(w.bot.guildId, 'stream', false);
  const off = await w.bot.as('alice').run('/live game', { game: '1' });
  t.is(off.embeds[0]?.title, 'Not available here');

  // The scoreboard channel chosen earlier gets nothing for a game that kicks off while the plugin is off.
  const { ids, sink } = await seedGames(w.betting, [{ key: 'off', home: 'Wolves', away: 'Spurs', inMinutes: 1 }]);
  await sink({ type: 'game.started', providerId: 'test:off', at: at() });
  await sink({ type: 'game.score', providerId: 'test:off', home: 1, away: 0, at: at() });
  await new Promise((r) => setTimeout(r, 500));
  t.false(w.bot.messages(w.bot.channels.results).some((m) => m.embeds[0]?.footer?.text?.startsWith(`Game ${ids.off} `)));
  await w.bot.app.settings.setEnabled(w.bot.guildId, 'stream', true);
});
