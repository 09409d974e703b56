import type { App } from '../../../src/core/app.ts';
import type { PluginContext } from '../../../src/core/plugins/types.ts';
import { mulberry32 } from '../../../src/core/random/seeded-random.ts';

/** Waits until no job is due or running (durable events delivered, roll-ups refreshed). */
export async function waitForJobs(app: App, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    await app.jobs.drain();
    const rows = (await app.orm.em.fork().getConnection().execute(
      "select count(*) as n from jobs where (status = 'pending' and run_at <= ?) or status = 'running'",
      [Date.now()],
    )) as { n: unknown }[];
    if (Number(rows[0]!.n) === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error('jobs did not finish');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The app's one seeded PRNG, under the name these tests use. */
export const prng = mulberry32;

export interface HistoryRow {
  userId: string;
  type: 'game_line' | 'player_prop' | 'parlay';
  result: 'won' | 'lost' | 'push' | 'void';
  units: number;
  decimal: number;
  net: number;
  settledAt: number;
  sport: string | null;
  league: string | null;
  fair: number | null;
  close: number | null;
}

/**
 * Settled bets of several members over `days` days up to `now`, written straight into the betting tables (bets and
 * their unit records), as a server with history has them. Nets follow the payout rules.
 */
export async function insertHistory(
  ctx: PluginContext<unknown, Record<string, unknown>>,
  input: { guildId: string; users: string[]; bets: number; days: number; now: number; seed: number },
): Promise<HistoryRow[]> {
  const rand = prng(input.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const rows: HistoryRow[] = [];
  for (let i = 0; i < input.bets; i++) {
    const decimal = Math.round((1.3 + rand() * 3) * 100) / 100;
    const units = pick([0.5, 1, 1, 2, 3]);
    const result = pick(['won', 'lost', 'lost', 'won', 'push', 'void'] as const);
    const net = result === 'won' ? Math.round(units * (decimal - 1) * 1e4) / 1e4 : result === 'lost' ? -units : 0;
    const sport = pick(['soccer', 'soccer', 'basketball', null]);
    const hasClv = rand() < 0.6;
    rows.push({
      userId: pick(input.users),
      type: pick(['game_line', 'game_line', 'player_prop', 'parlay'] as const),
      result,
      units,
      decimal,
      net,
      settledAt: input.now - Math.floor(rand() * input.days * 86_400_000),
      sport,
      league: sport === 'soccer' ? pick(['premier-league', 'la-liga']) : sport === 'basketball' ? 'nba' : null,
      fair: hasClv ? decimal : null,
      close: hasClv ? Math.round(decimal * (0.9 + rand() * 0.2) * 100) / 100 : null,
    });
  }
  await ctx.em().transactional(async (tx) => {
    const conn = tx;
    let n = 0;
    for (const r of rows) {
      n++;
      const placedAt = r.settledAt - 3_600_000;
      const res = (await conn.execute(
        `insert into betting_bets (guild_id, user_id, type, \`decimal\`, american, units, status, net, placed_at, settled_at, interaction_id, fair_decimal_at_bet, closing_fair_decimal, sport, league, description)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [input.guildId, r.userId, r.type, r.decimal, r.decimal >= 2 ? Math.round((r.decimal - 1) * 100) : Math.round(-100 / (r.decimal - 1)), r.units, r.result, r.net, placedAt, r.settledAt, `hist-${input.seed}-${n}`, r.fair, r.close, r.sport, r.league, `history bet ${n}`],
        'run',
      )) as { insertId: number };
      const d = new Date(r.settledAt);
      await conn.execute(
        `insert into betting_unit_records (guild_id, user_id, bet_id, bet_type, result, units, net, month, year, settled_at, sport, league, fair_decimal_at_bet, closing_fair_decimal)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [input.guildId, r.userId, res.insertId, r.type, r.result, r.units, r.net, d.getUTCMonth() + 1, d.getUTCFullYear(), r.settledAt, r.sport, r.league, r.fair, r.close],
      );
    }
  });
  return rows;
}

/** The figures of a list of settled bets, computed here from scratch (not with any of the plugin's code). */
export function independentSummary(rows: readonly HistoryRow[]) {
  const wins = rows.filter((r) => r.result === 'won').length;
  const losses = rows.filter((r) => r.result === 'lost').length;
  const risked = Math.round(rows.filter((r) => r.result !== 'void').reduce((s, r) => s + r.units, 0) * 1e4) / 1e4;
  const net = Math.round(rows.reduce((s, r) => s + r.net, 0) * 1e4) / 1e4;
  const clvRows = rows.filter((r) => r.fair !== null && r.close !== null);
  return {
    bets: rows.length,
    wins,
    losses,
    pushes: rows.filter((r) => r.result === 'push').length,
    voids: rows.filter((r) => r.result === 'void').length,
    winRate: wins + losses ? wins / (wins + losses) : null,
    risked,
    net,
    roi: risked ? net / risked : null,
    clv: clvRows.length ? clvRows.reduce((s, r) => s + (r.fair! / r.close! - 1), 0) / clvRows.length : null,
    members: new Set(rows.map((r) => r.userId)).size,
  };
}

/** Net units as the bot's embeds show them (bet-slip.ts): `+1.50u`, `−0.75u` (a real minus sign), `0.00u`. */
export const slipSignedUnits = (n: number): string => `${n > 0 ? '+' : n < 0 ? '\u2212' : ''}${Math.abs(n).toFixed(2)}u`;

/** Rounds half away from zero, as the exports do (1.005 → 1.01, −1.005 → −1.01), never −0. */
export function roundAway(value: number, places: number): number {
  const factor = 10 ** places;
  const r = Math.round(Math.abs(value) * factor * (1 + Number.EPSILON)) / factor;
  return r === 0 ? 0 : value < 0 ? -r : r;
}

/** Units as the PDF export shows them (display-values.ts): `+1.50u`, `-0.75u` (ASCII minus), `0.00u`. */
export const exportUnits = (n: number): string => {
  const r = roundAway(n, 2);
  return `${r > 0 ? '+' : r < 0 ? '-' : ''}${Math.abs(r).toFixed(2)}u`;
};

/** A fraction as the PDF export shows it: `60.0%`, or an em dash when there is none. */
export const exportPercent = (f: number | null): string => (f === null ? '\u2014' : `${roundAway(f * 100, 1).toFixed(1)}%`);

/** An integer as the PDF export shows it: `1,234`. */
export const exportInt = (n: number): string => n.toLocaleString('en-US');

/** Downloads an attachment from the emulator. */
export async function download(url: string): Promise<Buffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Rows of a query, with a count helper. */
export async function sql<T = Record<string, unknown>>(app: App, query: string, params: unknown[] = []): Promise<T[]> {
  return (await app.orm.em.fork().getConnection().execute(query, params)) as T[];
}

export async function countRows(app: App, table: string, where = '1 = 1', params: unknown[] = []): Promise<number> {
  const rows = await sql<{ n: unknown }>(app, `select count(*) as n from ${table} where ${where}`, params);
  return Number(rows[0]!.n);
}

/** Waits (polling, up to `timeoutMs`) until `check` returns a value that is not undefined. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface ConstructedBet {
  placedAt: number;
  settledAt: number | null;
  units: number;
  decimal: number;
  status: 'pending' | 'won' | 'lost' | 'push' | 'void';
  net: number | null;
}

/**
 * A member who chases losses: one bet a day for `count` days up to `now`, each settled three hours after it was
 * placed; after a loss the stake doubles (up to 16 units), after a win it goes back to 1 unit.
 */
export function chasingHistory(now: number, count = 80, seed = 7): ConstructedBet[] {
  const rand = prng(seed);
  const bets: ConstructedBet[] = [];
  let units = 1;
  for (let i = 0; i < count; i++) {
    const placedAt = now - (count - i) * 86_400_000;
    const won = rand() < 0.45;
    bets.push({ placedAt, settledAt: placedAt + 3 * 3_600_000, units, decimal: 2, status: won ? 'won' : 'lost', net: won ? units : -units });
    units = won ? 1 : Math.min(16, units * 2);
  }
  return bets;
}

/** Writes bets straight into betting_bets (no unit records), as a member's history for the pattern detectors. */
export async function insertBets(
  ctx: PluginContext<unknown, Record<string, unknown>>,
  input: { guildId: string; userId: string; bets: readonly ConstructedBet[]; tag: string },
): Promise<void> {
  await ctx.em().transactional(async (tx) => {
    let n = 0;
    for (const b of input.bets) {
      n++;
      await tx.execute(
        `insert into betting_bets (guild_id, user_id, type, \`decimal\`, american, units, status, net, placed_at, settled_at, interaction_id, sport, league, description)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [input.guildId, input.userId, 'game_line', b.decimal, b.decimal >= 2 ? Math.round((b.decimal - 1) * 100) : Math.round(-100 / (b.decimal - 1)), b.units, b.status, b.net, b.placedAt, b.settledAt, `${input.tag}-${n}`, 'soccer', 'premier-league', `constructed bet ${n}`],
      );
    }
  });
}
