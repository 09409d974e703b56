import test from 'ava';
import betting from '../../../../src/plugins/betting/index.ts';
import { bettingApi, type BettingApi } from '../../../../src/plugins/betting/api/index.ts';
import type { BettingContext } from '../../../../src/plugins/betting/services/context.ts';
import { createTestBot, type TestBot } from '../../../../src/testkit/index.ts';
import { insertHistory, type HistoryRow } from '../../analytics/helpers.ts';

const DAY = 86_400_000;
let bot: TestBot;
let api: BettingApi;
let rows: HistoryRow[];
const now = Date.UTC(2026, 5, 15, 12);

test.before(async () => {
  bot = await createTestBot({ plugins: [betting], tier: 'platinum' });
  const ctx = bot.app.contextOf('betting') as unknown as BettingContext;
  api = bettingApi(ctx);
  rows = await insertHistory(ctx, { guildId: bot.guildId, users: [bot.users.alice, bot.users.bob], bets: 120, days: 20, now, seed: 7 });
});
test.after.always(() => bot?.close());

test('memberDayTotals sums every settled bet once, per member, UTC day, sport, league and bet type', async (t) => {
  const totals = await api.memberDayTotals({ guildId: bot.guildId });
  t.is(totals.reduce((n, r) => n + r.bets, 0), rows.length);
  const key = (userId: string, day: number, sport: string, league: string, type: string) => [userId, day, sport, league, type].join('|');
  t.is(new Set(totals.map((r) => key(r.userId, r.day, r.sport, r.league, r.betType))).size, totals.length, 'one row per group');
  for (const r of totals) {
    const group = rows.filter((h) => key(h.userId, Math.floor(h.settledAt / DAY), h.sport ?? '', h.league ?? '', h.type) === key(r.userId, r.day, r.sport, r.league, r.betType));
    t.is(r.bets, group.length);
    t.is(r.wins, group.filter((h) => h.result === 'won').length);
    t.is(r.voids, group.filter((h) => h.result === 'void').length);
    t.true(Math.abs(r.risked - group.filter((h) => h.result !== 'void').reduce((s, h) => s + h.units, 0)) < 1e-9, 'risked excludes voids');
    t.true(Math.abs(r.net - group.reduce((s, h) => s + h.net, 0)) < 1e-9);
    t.is(r.clvN, group.filter((h) => h.fair !== null && h.close !== null).length);
  }
  // One member's day, as a roll-up refresh asks for it.
  const first = rows[0]!;
  const day = Math.floor(first.settledAt / DAY);
  const one = await api.memberDayTotals({ guildId: bot.guildId, userId: first.userId, from: day * DAY, to: (day + 1) * DAY });
  t.true(one.length > 0);
  t.true(one.every((r) => r.userId === first.userId && r.day === day));
  t.is(one.reduce((n, r) => n + r.bets, 0), rows.filter((h) => h.userId === first.userId && Math.floor(h.settledAt / DAY) === day).length);
});

test('settledBets narrows by member, range and kind, newest first; settlementOf finds where a bet counts', async (t) => {
  const from = now - 7 * DAY;
  const list = await api.settledBets({ guildId: bot.guildId, userId: bot.users.alice, from, to: now + 1, sport: 'soccer', limit: 1000 });
  const expected = rows.filter((h) => h.userId === bot.users.alice && h.settledAt >= from && h.sport === 'soccer');
  t.is(list.length, expected.length);
  t.true(list.every((b, i) => b.sport === 'soccer' && (i === 0 || list[i - 1]!.settledAt >= b.settledAt)));
  const bet = list[0]!;
  t.deepEqual(await api.settlementOf(bet.betId), { guildId: bot.guildId, userId: bot.users.alice, settledAt: bet.settledAt });
  t.is(await api.settlementOf(9_999_999), null);
  t.is((await api.settledBets({ guildId: bot.guildId, limit: 3 })).length, 3);
});

test("placedBets is a member's latest bets, oldest first, at most the limit", async (t) => {
  const all = await api.placedBets(bot.guildId, bot.users.bob);
  t.is(all.length, rows.filter((h) => h.userId === bot.users.bob).length);
  const last = await api.placedBets(bot.guildId, bot.users.bob, 5);
  t.is(last.length, 5);
  t.deepEqual(last.map((b) => b.betId), all.slice(-5).map((b) => b.betId));
  t.true(all.every((b, i) => i === 0 || all[i - 1]!.placedAt <= b.placedAt));
});
