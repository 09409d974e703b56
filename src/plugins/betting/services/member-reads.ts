import type { EntityManager } from '@mikro-orm/knex';
import { OPEN_STATUSES, type BetStatus, type BetType } from '../entities/bet.ts';
import { UnitRecordSchema } from '../entities/unit-record.ts';

/** One settled bet of a member, as stats count it. */
export interface SettledRecordView {
  betId: number;
  settledAt: number;
  units: number;
  /** Net units: positive won, negative lost, 0 push or void. */
  net: number;
}

/** A bet as other plugins see it, with its game's kick-off and the team it is on (if it is on one). */
export interface BetView {
  id: number;
  userId: string;
  type: BetType;
  status: BetStatus;
  units: number;
  decimal: number;
  /** Null until settled. */
  net: number | null;
  placedAt: number;
  sport: string | null;
  selection: string | null;
  /** The team picked (home or away selection of a game), else null. */
  team: string | null;
  /** Kick-off of the bet's game; null for a parlay or a bet without a game. */
  startTime: number | null;
  /** The bet's game; null for a parlay or a bet without a game. @since 1.4.0 */
  gameId: number | null;
  /**
   * Whether the bet counts in records (market price, or a prop confirmed by someone other than its bettor). Records
   * and stats never include an unverified bet; these views of activity do, marked, so models can tell. @since 1.2.0
   */
  verified: boolean;
}

type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function betView(r: Row): BetView {
  return {
    id: Number(r.id),
    userId: String(r.user_id),
    type: String(r.type) as BetType,
    status: String(r.status) as BetStatus,
    units: Number(r.units),
    decimal: Number(r.decimal),
    net: num(r.net),
    placedAt: Number(r.placed_at),
    sport: (r.sport as string | null) ?? null,
    selection: (r.selection as string | null) ?? null,
    team: r.selection === 'home' ? ((r.home_team as string | null) ?? null) : r.selection === 'away' ? ((r.away_team as string | null) ?? null) : null,
    startTime: num(r.start_time),
    gameId: num(r.game_id),
    // SQLite and MySQL both return 0/1 for the flag.
    verified: Number(r.verified) === 1,
  };
}

const BET_COLUMNS = 'b.id, b.user_id, b.type, b.status, b.units, b.`decimal`, b.net, b.placed_at, b.sport, b.selection, g.home_team, g.away_team, g.start_time, b.game_id, b.verified';

/** A member's settled bets in a server, in settling order. */
export async function settledRecords(em: EntityManager, guildId: string, userId: string): Promise<SettledRecordView[]> {
  const rows = await em.find(UnitRecordSchema, { guildId, userId }, { orderBy: { settledAt: 'asc', id: 'asc' }, fields: ['betId', 'settledAt', 'units', 'net'] });
  return rows.map((r) => ({ betId: r.betId, settledAt: r.settledAt, units: r.units, net: r.net }));
}

/** A member's open (pending or live) bets in a server. */
export async function openBets(em: EntityManager, guildId: string, userId: string): Promise<BetView[]> {
  const placeholders = OPEN_STATUSES.map(() => '?').join(', ');
  const rows = (await em
    .getConnection()
    .execute(
      `select ${BET_COLUMNS} from betting_bets b left join betting_games g on g.id = b.game_id
       where b.guild_id = ? and b.user_id = ? and b.status in (${placeholders}) order by b.placed_at, b.id`,
      [guildId, userId, ...OPEN_STATUSES],
    )) as Row[];
  return rows.map(betView);
}

/** Every bet of a server placed at or after `since`, cancelled ones left out, in placing order. */
export async function betsSince(em: EntityManager, guildId: string, since: number): Promise<BetView[]> {
  const rows = (await em
    .getConnection()
    .execute(
      `select ${BET_COLUMNS} from betting_bets b left join betting_games g on g.id = b.game_id
       where b.guild_id = ? and b.placed_at >= ? and b.status <> 'cancelled' order by b.placed_at, b.id`,
      [guildId, since],
    )) as Row[];
  return rows.map(betView);
}

/** Who holds open straight bets on a game, per server and member (for alerts about that game). */
export async function holdersOfGame(em: EntityManager, gameId: number): Promise<{ guildId: string; userId: string; betIds: number[] }[]> {
  const placeholders = OPEN_STATUSES.map(() => '?').join(', ');
  const rows = (await em
    .getConnection()
    .execute(`select guild_id, user_id, id from betting_bets where game_id = ? and status in (${placeholders}) order by guild_id, user_id, id`, [gameId, ...OPEN_STATUSES])) as Row[];
  const holders = new Map<string, { guildId: string; userId: string; betIds: number[] }>();
  for (const r of rows) {
    const key = `${String(r.guild_id)}:${String(r.user_id)}`;
    const h = holders.get(key) ?? { guildId: String(r.guild_id), userId: String(r.user_id), betIds: [] };
    h.betIds.push(Number(r.id));
    holders.set(key, h);
  }
  return [...holders.values()];
}
