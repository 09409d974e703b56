import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { AnalyticsContext } from './context.ts';
import type { BettingApi } from './betting-api.ts';
import { DAY_MS, dayOf, monthOfDay, monthStartDay, nextMonth } from './days.ts';

const COUNTER_COLUMNS = 'bets, wins, losses, pushes, voids, risked, net, clv_sum, clv_n';
const SUM_COUNTERS = 'sum(bets), sum(wins), sum(losses), sum(pushes), sum(voids), sum(risked), sum(net), sum(clv_sum), sum(clv_n)';

// Roll-up transactions read what others committed a moment ago (the server's rows are recomputed from its
// members' rows), so they run at READ COMMITTED, one at a time per server (see lockGuild).
// (SQLite has one writer at a time and only serializable transactions: nothing to ask for there.)
const rollupTx = (dialect: string) => (dialect === 'mysql' ? { isolationLevel: IsolationLevel.READ_COMMITTED } : {});

/**
 * Takes the server's roll-up lock (its state row) for the rest of the transaction; false when its roll-ups were
 * never built (then there is nothing to keep current: the first build will read every settled bet). A build in
 * progress holds the row uncommitted, so this waits for it and then sees it.
 */
async function lockGuild(em: EntityManager, dialect: string, guildId: string): Promise<boolean> {
  const rows = (await em.execute(`select guild_id from analytics_rollup_state where guild_id = ?${dialect === 'mysql' ? ' for update' : ''}`, [guildId])) as unknown[];
  return rows.length > 0;
}

/**
 * Copies betting's member-day totals of a range into the member roll-up rows in one statement: betting writes the
 * SELECT (it owns the tables and the counter definitions), the database moves the rows. The caller deleted the rows
 * they replace, so a group that no longer exists (a regraded bet) does not linger.
 */
async function copyMemberDays(tx: EntityManager, betting: BettingApi, range: Parameters<BettingApi['memberDayTotalsQuery']>[0]): Promise<void> {
  const totals = betting.memberDayTotalsQuery(range);
  await tx.execute(
    `insert into analytics_user_days (guild_id, user_id, day, sport, league, bet_type, ${COUNTER_COLUMNS})
     select ?, t.user_id, t.day, t.sport, t.league, t.bet_type, t.bets, t.wins, t.losses, t.pushes, t.voids, t.risked, t.net, t.clv_sum, t.clv_n
     from (${totals.sql}) t`,
    [range.guildId, ...totals.params],
  );
}

/** Recomputes the server's rows of some days (or all of them) from its members' rows. */
async function rebuildGuildDays(tx: EntityManager, guildId: string, days?: readonly number[]): Promise<void> {
  const only = days ? ` and day in (${days.map(() => '?').join(', ')})` : '';
  await tx.execute(`delete from analytics_guild_days where guild_id = ?${only}`, [guildId, ...(days ?? [])]);
  await tx.execute(
    `insert into analytics_guild_days (guild_id, day, sport, league, bet_type, ${COUNTER_COLUMNS}, members)
     select guild_id, day, sport, league, bet_type, ${SUM_COUNTERS}, count(distinct user_id)
     from analytics_user_days where guild_id = ?${only} group by guild_id, day, sport, league, bet_type`,
    [guildId, ...(days ?? [])],
  );
}

// The UTC month (`year * 100 + month`, see days.ts monthOfDay) of a `day` column, in SQL.
const MONTH_OF_DAY = {
  sqlite: "cast(strftime('%Y%m', day * 86400, 'unixepoch') as integer)",
  mysql: "extract(year_month from date_add(date '1970-01-01', interval `day` day))",
} as const;

/**
 * Recomputes the member roll-ups without kinds (member-day, member-month, first day) from the member-day-kind rows:
 * of the given members' days, or of the whole server. Each row is the sum of the finer rows under it, recomputed
 * (deleted, then summed again), so a day whose bets were regraded or voided carries the change up, and a group
 * left with no bets disappears.
 */
async function rebuildMemberRollups(tx: EntityManager, dialect: string, guildId: string, keys?: readonly { userId: string; day: number }[]): Promise<void> {
  if (!keys) {
    for (const table of ['analytics_member_days', 'analytics_member_months', 'analytics_member_first_days']) await tx.execute(`delete from ${table} where guild_id = ?`, [guildId]);
    await tx.execute(
      `insert into analytics_member_days (guild_id, user_id, day, ${COUNTER_COLUMNS})
       select guild_id, user_id, day, ${SUM_COUNTERS} from analytics_user_days where guild_id = ? group by guild_id, user_id, day`,
      [guildId],
    );
    const month = MONTH_OF_DAY[dialect === 'mysql' ? 'mysql' : 'sqlite'];
    await tx.execute(
      `insert into analytics_member_months (guild_id, user_id, month, ${COUNTER_COLUMNS})
       select guild_id, user_id, ${month}, ${SUM_COUNTERS} from analytics_member_days where guild_id = ? group by guild_id, user_id, ${month}`,
      [guildId],
    );
    await tx.execute(
      'insert into analytics_member_first_days (guild_id, user_id, first_day) select guild_id, user_id, min(day) from analytics_member_days where guild_id = ? group by guild_id, user_id',
      [guildId],
    );
    return;
  }
  const months = new Map<string, { userId: string; month: number }>();
  for (const k of keys) {
    await tx.execute('delete from analytics_member_days where guild_id = ? and user_id = ? and day = ?', [guildId, k.userId, k.day]);
    await tx.execute(
      `insert into analytics_member_days (guild_id, user_id, day, ${COUNTER_COLUMNS})
       select guild_id, user_id, day, ${SUM_COUNTERS} from analytics_user_days where guild_id = ? and user_id = ? and day = ? group by guild_id, user_id, day`,
      [guildId, k.userId, k.day],
    );
    months.set(`${k.userId}|${monthOfDay(k.day)}`, { userId: k.userId, month: monthOfDay(k.day) });
  }
  for (const m of months.values()) {
    await tx.execute('delete from analytics_member_months where guild_id = ? and user_id = ? and month = ?', [guildId, m.userId, m.month]);
    await tx.execute(
      `insert into analytics_member_months (guild_id, user_id, month, ${COUNTER_COLUMNS})
       select guild_id, user_id, ?, ${SUM_COUNTERS} from analytics_member_days where guild_id = ? and user_id = ? and day >= ? and day < ? group by guild_id, user_id`,
      [m.month, guildId, m.userId, monthStartDay(m.month), monthStartDay(nextMonth(m.month))],
    );
  }
  for (const userId of new Set(keys.map((k) => k.userId))) {
    await tx.execute('delete from analytics_member_first_days where guild_id = ? and user_id = ?', [guildId, userId]);
    await tx.execute(
      'insert into analytics_member_first_days (guild_id, user_id, first_day) select guild_id, user_id, min(day) from analytics_member_days where guild_id = ? and user_id = ? group by guild_id, user_id',
      [guildId, userId],
    );
  }
}

/**
 * Recomputes some members' roll-up rows for some days from betting's settled totals, then their rows without kinds
 * and the server's rows for those days, under the server's lock. Idempotent (a recomputation, not an increment), so
 * a redelivered `bet.settled` can never count twice.
 */
async function refreshDays(ctx: AnalyticsContext, guildId: string, keys: readonly { userId: string; day: number }[]): Promise<void> {
  if (keys.length === 0) return;
  const betting = ctx.use('betting');
  await ctx.em().transactional(async (tx) => {
    if (!(await lockGuild(tx, ctx.dialect, guildId))) return;
    for (const k of keys) {
      await tx.execute('delete from analytics_user_days where guild_id = ? and user_id = ? and day = ?', [guildId, k.userId, k.day]);
      await copyMemberDays(tx, betting, { guildId, userId: k.userId, from: k.day * DAY_MS, to: (k.day + 1) * DAY_MS });
    }
    await rebuildMemberRollups(tx, ctx.dialect, guildId, keys);
    await rebuildGuildDays(tx, guildId, [...new Set(keys.map((k) => k.day))]);
  }, rollupTx(ctx.dialect));
}

/** Refreshes the roll-ups for a settled (or voided) bet. */
export async function refreshForBet(ctx: AnalyticsContext, betId: number): Promise<void> {
  const settled = await ctx.use('betting').settlementOf(betId);
  if (settled) await refreshDays(ctx, settled.guildId, [{ userId: settled.userId, day: dayOf(settled.settledAt) }]);
}

/** Refreshes every (member, day) touched by a batch of bets, e.g. after an import. */
export async function refreshMany(ctx: AnalyticsContext, guildId: string, items: readonly { userId: string; settledAt: number }[]): Promise<void> {
  const keys = new Map(items.map((i) => [`${i.userId}|${dayOf(i.settledAt)}`, { userId: i.userId, day: dayOf(i.settledAt) }]));
  await refreshDays(ctx, guildId, [...keys.values()]);
}

/**
 * Rebuilds a server's roll-ups from all its settled bets: the first time analytics is used there (its bets settled
 * before the plugin was on), and by `npm run dbsbm -- analytics rebuild`. Betting's totals are copied in one
 * statement, so a million bets never pass through Node.
 */
export async function rebuildGuild(ctx: AnalyticsContext, guildId: string, now = Date.now()): Promise<void> {
  const betting = ctx.use('betting');
  await ctx.em().transactional(async (tx) => {
    // The state row first: it is the server's roll-up lock, held (uncommitted) until the build is done.
    if (ctx.dialect === 'mysql') await tx.execute('insert into analytics_rollup_state (guild_id, rebuilt_at) values (?, ?) on duplicate key update rebuilt_at = values(rebuilt_at)', [guildId, now]);
    else await tx.execute('insert into analytics_rollup_state (guild_id, rebuilt_at) values (?, ?) on conflict(guild_id) do update set rebuilt_at = excluded.rebuilt_at', [guildId, now]);
    await tx.execute('delete from analytics_user_days where guild_id = ?', [guildId]);
    await copyMemberDays(tx, betting, { guildId });
    await rebuildMemberRollups(tx, ctx.dialect, guildId);
    await rebuildGuildDays(tx, guildId);
  }, rollupTx(ctx.dialect));
  // SQLite plans without statistics unless ANALYZE ran: with them it counts distinct members by skipping through the
  // unique index and groups per capper in index order (docs/BENCHMARKS.md, analytics). MariaDB keeps its own.
  if (ctx.dialect === 'sqlite') await ctx.em().execute('analyze');
}

// Per context (one app, one database), so tests that boot several apps never share the memo.
const ensuredByCtx = new WeakMap<object, Set<string>>();

/** Builds a server's roll-ups once, before the first question about it. */
export async function ensureRollups(ctx: AnalyticsContext, guildId: string): Promise<void> {
  let ensured = ensuredByCtx.get(ctx);
  if (!ensured) ensuredByCtx.set(ctx, (ensured = new Set()));
  if (ensured.has(guildId)) return;
  const rows = (await ctx.em().getConnection().execute('select guild_id from analytics_rollup_state where guild_id = ?', [guildId])) as unknown[];
  if (rows.length === 0) await rebuildGuild(ctx, guildId);
  ensured.add(guildId);
}
