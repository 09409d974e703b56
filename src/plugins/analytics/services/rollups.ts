import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { AnalyticsContext } from './context.ts';
import { DAY_MS, dayOf } from './days.ts';

// The counters of a group of unit records, shared by the per-day refresh and the full rebuild, so both give the
// same numbers as the betting plugin's summarize(): risked excludes voids, CLV only where both prices are usable.
const COUNTERS_FROM_UNIT_RECORDS = `count(*),
  sum(case when result = 'won' then 1 else 0 end),
  sum(case when result = 'lost' then 1 else 0 end),
  sum(case when result = 'push' then 1 else 0 end),
  sum(case when result = 'void' then 1 else 0 end),
  sum(case when result <> 'void' then units else 0 end),
  sum(net),
  sum(case when fair_decimal_at_bet > 1 and closing_fair_decimal > 1 then fair_decimal_at_bet / closing_fair_decimal - 1 else 0 end),
  sum(case when fair_decimal_at_bet > 1 and closing_fair_decimal > 1 then 1 else 0 end)`;

const COUNTER_COLUMNS = 'bets, wins, losses, pushes, voids, risked, net, clv_sum, clv_n';
const SUM_COUNTERS = 'sum(bets), sum(wins), sum(losses), sum(pushes), sum(voids), sum(risked), sum(net), sum(clv_sum), sum(clv_n)';

function upsertTail(dialect: string, key: string, columns: string[]): string {
  if (dialect === 'mysql') return ` on duplicate key update ${columns.map((c) => `${c} = values(${c})`).join(', ')}`;
  // SQLite parses ON CONFLICT after INSERT … SELECT only when the SELECT has a WHERE; every caller's does.
  return ` on conflict(${key}) do update set ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`;
}

const USER_KEY = 'guild_id, user_id, day, sport, league, bet_type';
const GUILD_KEY = 'guild_id, day, sport, league, bet_type';
const COUNTER_LIST = COUNTER_COLUMNS.split(', ');

// Roll-up transactions read what others committed a moment ago (the server's rows are recomputed from its
// members' rows), so they run at READ COMMITTED, one at a time per server (see lockGuild).
// (SQLite has one writer at a time and only serializable transactions: nothing to ask for there.)
const rollupTx = (dialect: string) => (dialect === 'mysql' ? { isolationLevel: IsolationLevel.READ_COMMITTED } : {});

/**
 * Takes the server's roll-up lock (its state row) for the rest of the transaction; false when its roll-ups were
 * never built (then there is nothing to keep current: the first build will read every unit record). A build in
 * progress holds the row uncommitted, so this waits for it and then sees it.
 */
async function lockGuild(em: EntityManager, dialect: string, guildId: string): Promise<boolean> {
  const rows = (await em.execute(`select guild_id from analytics_rollup_state where guild_id = ?${dialect === 'mysql' ? ' for update' : ''}`, [guildId])) as unknown[];
  return rows.length > 0;
}

/**
 * Recomputes one member's roll-up rows for one day from the unit records, then the server's rows for that day.
 * Idempotent (a recomputation, not an increment), so a redelivered `bet.settled` can never count twice. Run it
 * inside a transaction that holds the server's lock (see {@link lockGuild}); otherwise two refreshes of one day
 * could each recompute the server's rows from what the other had not yet committed.
 */
export async function refreshDay(em: EntityManager, dialect: string, guildId: string, userId: string, day: number): Promise<void> {
  const conn = em;
  await conn.execute(
    `insert into analytics_user_days (${USER_KEY}, ${COUNTER_COLUMNS})
     select guild_id, user_id, ?, coalesce(sport, ''), coalesce(league, ''), bet_type, ${COUNTERS_FROM_UNIT_RECORDS}
     from betting_unit_records where guild_id = ? and user_id = ? and settled_at >= ? and settled_at < ?
     group by guild_id, user_id, coalesce(sport, ''), coalesce(league, ''), bet_type${upsertTail(dialect, USER_KEY, COUNTER_LIST)}`,
    [day, guildId, userId, day * DAY_MS, (day + 1) * DAY_MS],
  );
  await conn.execute(
    `insert into analytics_guild_days (${GUILD_KEY}, ${COUNTER_COLUMNS}, members)
     select guild_id, day, sport, league, bet_type, ${SUM_COUNTERS}, count(distinct user_id)
     from analytics_user_days where guild_id = ? and day = ?
     group by guild_id, day, sport, league, bet_type${upsertTail(dialect, GUILD_KEY, [...COUNTER_LIST, 'members'])}`,
    [guildId, day],
  );
}

/** Refreshes the roll-ups for a settled bet (looked up by its unit record). */
export async function refreshForBet(ctx: AnalyticsContext, betId: number): Promise<void> {
  const em = ctx.em();
  const rows = (await em.getConnection().execute('select guild_id, user_id, settled_at from betting_unit_records where bet_id = ?', [betId])) as {
    guild_id: string;
    user_id: string;
    settled_at: number | string;
  }[];
  const row = rows[0];
  if (!row) return;
  await em.transactional(async (tx) => {
    if (await lockGuild(tx, ctx.dialect, row.guild_id)) await refreshDay(tx, ctx.dialect, row.guild_id, row.user_id, dayOf(Number(row.settled_at)));
  }, rollupTx(ctx.dialect));
}

/** Refreshes every (member, day) touched by a batch of bets, e.g. after an import. */
export async function refreshMany(ctx: AnalyticsContext, guildId: string, items: readonly { userId: string; settledAt: number }[]): Promise<void> {
  const keys = new Set(items.map((i) => `${i.userId}|${dayOf(i.settledAt)}`));
  await ctx.em().transactional(async (tx) => {
    if (!(await lockGuild(tx, ctx.dialect, guildId))) return;
    for (const key of keys) {
      const [userId, day] = key.split('|') as [string, string];
      await refreshDay(tx, ctx.dialect, guildId, userId, Number(day));
    }
  }, rollupTx(ctx.dialect));
}

/**
 * Rebuilds a server's roll-ups from all its unit records: the first time analytics is used there (its bets
 * settled before the plugin was on), and by `npm run dbsbm -- analytics rebuild`.
 */
export async function rebuildGuild(ctx: AnalyticsContext, guildId: string, now = Date.now()): Promise<void> {
  const dayExpr = ctx.dialect === 'mysql' ? `settled_at div ${DAY_MS}` : `settled_at / ${DAY_MS}`;
  await ctx.em().transactional(async (tx) => {
    const conn = tx;
    // The state row first: it is the server's roll-up lock, held (uncommitted) until the build is done.
    if (ctx.dialect === 'mysql') await conn.execute('insert into analytics_rollup_state (guild_id, rebuilt_at) values (?, ?) on duplicate key update rebuilt_at = values(rebuilt_at)', [guildId, now]);
    else await conn.execute('insert into analytics_rollup_state (guild_id, rebuilt_at) values (?, ?) on conflict(guild_id) do update set rebuilt_at = excluded.rebuilt_at', [guildId, now]);
    await conn.execute('delete from analytics_user_days where guild_id = ?', [guildId]);
    await conn.execute('delete from analytics_guild_days where guild_id = ?', [guildId]);
    await conn.execute(
      `insert into analytics_user_days (${USER_KEY}, ${COUNTER_COLUMNS})
       select guild_id, user_id, ${dayExpr}, coalesce(sport, ''), coalesce(league, ''), bet_type, ${COUNTERS_FROM_UNIT_RECORDS}
       from betting_unit_records where guild_id = ?
       group by guild_id, user_id, ${dayExpr}, coalesce(sport, ''), coalesce(league, ''), bet_type`,
      [guildId],
    );
    await conn.execute(
      `insert into analytics_guild_days (${GUILD_KEY}, ${COUNTER_COLUMNS}, members)
       select guild_id, day, sport, league, bet_type, ${SUM_COUNTERS}, count(distinct user_id)
       from analytics_user_days where guild_id = ? group by guild_id, day, sport, league, bet_type`,
      [guildId],
    );
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
