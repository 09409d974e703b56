import test from 'ava';
import api from '../../../../src/plugins/api/index.ts';
import betting from '../../../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import { changeLimits } from '../../../../src/plugins/betting/services/limits.ts';
import { placeStraight } from '../../../../src/plugins/betting/services/placement.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { apiCall, issueKey } from '../../../helpers/api.ts';
import { seedGames } from '../seed.ts';

interface BetJson {
  id: number;
  userId: string;
  type: string;
  status: string;
  units: number;
  decimal: number;
  odds: string;
  toWin: number;
  gameId: number | null;
  market: string | null;
  selection: string | null;
  line: number | null;
  placedAt: string;
  legs: unknown[];
}
interface PageJson<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}
type Json = Record<string, unknown> & { code?: string };

let bot: TestBot;
let ctx: BettingContext;
let ids: Record<string, number>;
let carolKey: string;
let readKey: string;
const OTHER_GUILD = '1999999999999999901';
let seq = 0;
const iid = (): string => `ep${Date.now()}${++seq}`.slice(0, 30);
/** A member of the demo server with no bets yet, and a write key that acts as them. */
const member = async (): Promise<{ userId: string; key: string }> => {
  const userId = `1500000000000${String(++seq).padStart(6, '0')}`;
  return { userId, key: await issueKey(bot.app, bot.guildId, { scope: 'write', userId }) };
};
const count = async (sql: string, params: (string | number)[]): Promise<number> => Number((await ctx.data.get<{ n: number }>(`select count(*) as n from ${sql}`, params))!.n);

test.before(async () => {
  bot = await createTestBot({ plugins: [betting, api], tier: 'platinum' });
  ctx = bot.app.contextOf('betting') as unknown as BettingContext;
  ({ ids } = await seedGames(ctx, [
    { key: 'b1', home: 'Arsenal', away: 'Chelsea' },
    { key: 'b2', home: 'Everton', away: 'Fulham', inMinutes: 90 },
  ]));
  carolKey = await issueKey(bot.app, bot.guildId, { scope: 'write', userId: bot.users.carol });
  readKey = await issueKey(bot.app, bot.guildId, { scope: 'read', userId: bot.users.carol });
});
test.after.always(() => bot?.close());

const call = async <T = Json>(key: string, method: 'GET' | 'POST', path: string, body?: unknown) => {
  const res = await apiCall(bot.app, key, method, `/api/v1/betting${path}`, body);
  return { status: res.status, body: res.body as T & Json, headers: res.headers };
};

test.serial('POST /bets places a straight bet as the key’s member: 201, the bet, its audit row and its event', async (t) => {
  const res = await call<BetJson>(carolKey, 'POST', '/bets', { gameId: ids.b1, market: 'h2h', selection: 'home', units: 2 });
  t.is(res.status, 201, JSON.stringify(res.body));
  t.like(res.body, { userId: bot.users.carol, type: 'game_line', status: 'pending', units: 2, decimal: 2.1, odds: '+110', toWin: 2.2, gameId: ids.b1, market: 'h2h', selection: 'home', line: null, legs: [] });
  const audit = await ctx.data.all<{ action: string; actor_id: string; to_status: string }>('select action, actor_id, to_status from betting_bet_audit where bet_id = ?', [res.body.id]);
  t.deepEqual(audit, [{ action: 'placed', actor_id: bot.users.carol, to_status: 'pending' }]);
  const row = await ctx.data.get<{ interaction_id: string; guild_id: string }>('select interaction_id, guild_id from betting_bets where id = ?', [res.body.id]);
  t.is(row!.guild_id, bot.guildId);
  t.regex(row!.interaction_id, /^api:[0-9a-f]{28}$/);
  t.is(await count('jobs where payload like ?', [`%"bet.placed"%"betId":${res.body.id},%`]), 1);
  const read = await call<BetJson>(readKey, 'GET', `/bets/${res.body.id}`);
  t.is(read.status, 200);
  t.deepEqual(read.body, res.body);
});

test.serial('two identical POST /bets are two bets (each call places its own), and an Idempotency-Key replays the first', async (t) => {
  const { key, userId } = await member();
  const body = { gameId: ids.b2, market: 'totals', selection: 'over', line: 2.5, units: 1 };
  const a = await call<BetJson>(key, 'POST', '/bets', body);
  const b = await call<BetJson>(key, 'POST', '/bets', body);
  t.is(a.status, 201);
  t.is(b.status, 201);
  t.not(a.body.id, b.body.id);
  const first = await apiCall(bot.app, key, 'POST', '/api/v1/betting/bets', body, { 'Idempotency-Key': `ep-${seq}` });
  const again = await apiCall(bot.app, key, 'POST', '/api/v1/betting/bets', body, { 'Idempotency-Key': `ep-${seq}` });
  t.is(first.status, 201);
  t.is(again.status, 201);
  t.is((again.body as BetJson).id, (first.body as BetJson).id);
  t.is(await count('betting_bets where user_id = ?', [userId]), 3);
});

test.serial('a bet placed over the API is copied to the server’s slips channel, as /bet place copies it; a refused one is not', async (t) => {
  await ctx.settings.set(bot.guildId, 'slipsChannel', bot.channels.bets);
  try {
    const { key } = await member();
    const before = bot.messages(bot.channels.bets).length;
    const placed = await call<BetJson>(key, 'POST', '/bets', { gameId: ids.b1, market: 'h2h', selection: 'draw', units: 1 });
    t.is(placed.status, 201);
    const copies = bot.messages(bot.channels.bets).slice(before);
    t.is(copies.length, 1);
    t.true(copies[0]!.embeds[0]!.title!.includes(`#${placed.body.id}`));
    t.is((await call(key, 'POST', '/bets', { gameId: ids.b1, market: 'h2h', selection: 'draw', units: 99 })).status, 400);
    t.is(bot.messages(bot.channels.bets).length, before + 1);
  } finally {
    await ctx.settings.set(bot.guildId, 'slipsChannel', 'null');
  }
});

test.serial('POST /bets obeys the member’s daily limit: refused with a problem, nothing written', async (t) => {
  const { key, userId } = await member();
  await changeLimits(ctx.em(), bot.guildId, userId, { dailyUnits: 1 }, Date.now());
  t.is((await call(key, 'POST', '/bets', { gameId: ids.b1, market: 'h2h', selection: 'away', units: 1 })).status, 201);
  const before = [await count('betting_bets where user_id = ?', [userId]), await count('betting_bet_audit where actor_id = ?', [userId])];
  const res = await call(key, 'POST', '/bets', { gameId: ids.b1, market: 'h2h', selection: 'away', units: 0.5 });
  t.is(res.status, 429);
  t.regex(res.headers.get('content-type') ?? '', /application\/problem\+json/);
  t.is(res.body.code, 'LIMIT_REACHED');
  t.is(typeof res.body.detail, 'string');
  t.deepEqual([await count('betting_bets where user_id = ?', [userId]), await count('betting_bet_audit where actor_id = ?', [userId])], before);
});

test.serial('POST /bets applies the server’s stake range, the price check and the game’s state, writing nothing', async (t) => {
  const { key, userId } = await member();
  const refusals: [Record<string, unknown>, number, string][] = [
    [{ gameId: ids.b1, market: 'h2h', selection: 'home', units: 50 }, 400, 'UNITS_OUT_OF_RANGE'],
    [{ gameId: ids.b1, market: 'h2h', selection: 'home', units: 1, odds: '+400' }, 409, 'PRICE_OFF_MARKET'],
    [{ gameId: ids.b1, market: 'h2h', selection: 'home', units: 1, odds: 'lots' }, 400, 'BAD_ODDS'],
    [{ gameId: ids.b1, market: 'totals', selection: 'over', units: 1 }, 400, 'BAD_SELECTION'],
    [{ gameId: 999999, market: 'h2h', selection: 'home', units: 1 }, 404, 'GAME_NOT_FOUND'],
    [{ gameId: ids.b1, market: 'h2h', selection: 'home', units: 1, colour: 'red' }, 400, 'INVALID_INPUT'],
    [{ gameId: ids.b1, market: 'h2h', selection: 'home', units: '1' }, 400, 'INVALID_INPUT'],
    [{ gameId: ids.b1, market: 'corners', selection: 'home', units: 1 }, 400, 'INVALID_INPUT'],
    [{ gameId: ids.b1, market: 'h2h', selection: 'home', units: 1, odds: -110 }, 400, 'INVALID_INPUT'],
  ];
  for (const [body, status, code] of refusals) {
    const res = await call(key, 'POST', '/bets', body);
    t.is(res.status, status, JSON.stringify(body));
    t.is(res.body.code, code, JSON.stringify(body));
  }
  t.is(await count('betting_bets where user_id = ?', [userId]), 0);
  // A price near the market is taken as stated, read in the server's format (American here).
  const near = await call<BetJson>(key, 'POST', '/bets', { gameId: ids.b1, market: 'h2h', selection: 'home', units: 1, odds: '105', oddsFormat: 'american' });
  t.is(near.status, 201);
  t.like(near.body, { odds: '+105', decimal: 2.05 });
});

test.serial('a read-only key cannot place or cancel (403), and nothing is written', async (t) => {
  const bets = await count('betting_bets where user_id = ?', [bot.users.carol]);
  const place = await call(readKey, 'POST', '/bets', { gameId: ids.b1, market: 'h2h', selection: 'draw', units: 1 });
  t.is(place.status, 403);
  t.is(place.body.code, 'API_KEY_READ_ONLY');
  const mine = (await call<PageJson<BetJson>>(readKey, 'GET', `/bets?userId=${bot.users.carol}&status=pending&limit=1`)).body.data[0]!;
  const cancel = await call(readKey, 'POST', `/bets/${mine.id}/cancel`);
  t.is(cancel.status, 403);
  t.is(await count('betting_bets where user_id = ?', [bot.users.carol]), bets);
  t.is((await call<BetJson>(readKey, 'GET', `/bets/${mine.id}`)).body.status, 'pending');
});

test.serial('POST /bets/:betId/cancel cancels the member’s own pending bet through the cancel service, once', async (t) => {
  const { key, userId } = await member();
  const placed = await call<BetJson>(key, 'POST', '/bets', { gameId: ids.b1, market: 'h2h', selection: 'draw', units: 1 });
  const res = await call<BetJson>(key, 'POST', `/bets/${placed.body.id}/cancel`);
  t.is(res.status, 200);
  t.like(res.body, { id: placed.body.id, status: 'cancelled' });
  const audit = await ctx.data.all<{ action: string; actor_id: string }>('select action, actor_id from betting_bet_audit where bet_id = ? order by id', [placed.body.id]);
  t.deepEqual(audit, [{ action: 'placed', actor_id: userId }, { action: 'cancelled', actor_id: userId }]);
  const again = await call(key, 'POST', `/bets/${placed.body.id}/cancel`);
  t.is(again.status, 409);
  t.is(again.body.code, 'ALREADY_SETTLED');
  // Someone else's bet in the same server: the command's rule, not a 404.
  const carols = await call<BetJson>(carolKey, 'POST', '/bets', { gameId: ids.b2, market: 'h2h', selection: 'draw', units: 1 });
  const notYours = await call(key, 'POST', `/bets/${carols.body.id}/cancel`);
  t.is(notYours.status, 403);
  t.is(notYours.body.code, 'NOT_YOUR_BET');
  t.is((await call<BetJson>(carolKey, 'GET', `/bets/${carols.body.id}`)).body.status, 'pending');
});

test.serial('another server’s bet is 404 to this server’s key: not read, not cancelled, not listed', async (t) => {
  const theirs = await placeStraight(ctx, { guildId: OTHER_GUILD, userId: bot.users.carol, interactionId: iid(), gameId: ids.b1, market: 'h2h', selection: 'home', units: 1 });
  const read = await call(carolKey, 'GET', `/bets/${theirs.bet.id}`);
  t.is(read.status, 404);
  t.is(read.body.code, 'BET_NOT_FOUND');
  t.false(JSON.stringify(read.body).includes(OTHER_GUILD));
  const cancel = await call(carolKey, 'POST', `/bets/${theirs.bet.id}/cancel`);
  t.is(cancel.status, 404);
  t.is(cancel.body.code, 'BET_NOT_FOUND');
  t.is((await ctx.data.get<{ status: string }>('select status from betting_bets where id = ?', [theirs.bet.id]))!.status, 'pending');
  const listed = await call<PageJson<BetJson>>(carolKey, 'GET', `/bets?userId=${bot.users.carol}&limit=100`);
  t.false(listed.body.data.some((b) => b.id === theirs.bet.id));
});

test.serial('GET /bets walks every bet of the server exactly once, newest first, then oldest first with sort=placedAt', async (t) => {
  const { userId } = await member();
  for (let i = 0; i < 7; i++) {
    await placeStraight(ctx, { guildId: bot.guildId, userId, interactionId: iid(), gameId: ids.b2, market: 'h2h', selection: 'home', units: 1 });
  }
  const expected = (await ctx.data.all<{ id: number }>('select id from betting_bets where guild_id = ? order by placed_at desc, id desc', [bot.guildId])).map((r) => Number(r.id));
  t.true(expected.length > 7);
  for (const [sort, order] of [['', expected], ['&sort=placedAt', [...expected].reverse()]] as const) {
    const pages: PageJson<BetJson>[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: PageJson<BetJson> } = await call<PageJson<BetJson>>(readKey, 'GET', `/bets?limit=3${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      t.is(res.status, 200);
      pages.push(res.body);
      cursor = res.body.next_cursor;
    } while (cursor !== null);
    t.deepEqual(pages.flatMap((p) => p.data.map((b) => b.id)), order);
    t.true(pages.slice(0, -1).every((p) => p.data.length === 3 && p.has_more));
    t.false(pages.at(-1)!.has_more);
  }
  const mine = await call<PageJson<BetJson>>(readKey, 'GET', `/bets?userId=${userId}`);
  t.is(mine.body.data.length, 7);
  t.true(mine.body.data.every((b) => b.userId === userId));
  t.false(mine.body.has_more);
});

test.serial('GET /bets filters by status, type, market, game and member', async (t) => {
  const { key, userId } = await member();
  const h2h = await call<BetJson>(key, 'POST', '/bets', { gameId: ids.b1, market: 'h2h', selection: 'away', units: 1 });
  const total = await call<BetJson>(key, 'POST', '/bets', { gameId: ids.b2, market: 'totals', selection: 'under', line: 2.5, units: 1 });
  await call(key, 'POST', `/bets/${h2h.body.id}/cancel`);
  const listed = async (query: string) => (await call<PageJson<BetJson>>(readKey, 'GET', `/bets?userId=${userId}&${query}`)).body.data.map((b) => b.id);
  t.deepEqual(await listed('status=cancelled'), [h2h.body.id]);
  t.deepEqual(await listed('status=open'), [total.body.id]);
  t.deepEqual(await listed('status=settled'), []);
  t.deepEqual(await listed('market=totals'), [total.body.id]);
  t.deepEqual(await listed(`gameId=${ids.b1}`), [h2h.body.id]);
  t.deepEqual(await listed('type=parlay'), []);
  t.deepEqual(await listed('type=game_line'), [total.body.id, h2h.body.id]);
});

test('GET /bets refuses an unknown filter, a bad value and a bad cursor with 400', async (t) => {
  for (const [query, code] of [
    ['bettor=1', 'INVALID_INPUT'],
    ['status=maybe', 'INVALID_INPUT'],
    ['type=teaser', 'INVALID_INPUT'],
    ['gameId=abc', 'INVALID_INPUT'],
    ['userId=carol', 'INVALID_INPUT'],
    ['sort=-units', 'INVALID_INPUT'],
    ['cursor=%%%', 'INVALID_CURSOR'],
    [`cursor=${Buffer.from(JSON.stringify({ v: null, id: 'x' })).toString('base64url')}`, 'INVALID_CURSOR'],
  ] as const) {
    const res = await call(readKey, 'GET', `/bets?${query}`);
    t.is(res.status, 400, query);
    t.is(res.body.code, code, query);
  }
  const missing = await call(readKey, 'GET', '/bets/99999999');
  t.is(missing.status, 404);
  t.is(missing.body.code, 'BET_NOT_FOUND');
});
