import type { BettingContext } from './context.ts';

/** One bet of a member's history, open or settled, with what habit-spotting needs. */
export interface PlacedBet {
  betId: number;
  /** Epoch ms. */
  placedAt: number;
  /** Epoch ms; null while the bet is open. */
  settledAt: number | null;
  units: number;
  /** Decimal price taken (parlay: product of legs). */
  decimal: number;
  status: 'pending' | 'live' | 'won' | 'lost' | 'push' | 'void' | 'cancelled';
  /** Net units once settled. */
  net: number | null;
  type: 'game_line' | 'player_prop' | 'parlay';
  /** 1 for straight bets. */
  legs: number;
  sport: string | null;
  league: string | null;
  /** The team the bet is on, when the selection names the home or away side. */
  team: string | null;
}

/** A member's latest `limit` bets in a server (any status), oldest first. */
export async function placedBets(ctx: BettingContext, guildId: string, userId: string, limit = 500): Promise<PlacedBet[]> {
  const rows = (await ctx
    .em()
    .getConnection()
    .execute(
      `select b.id, b.placed_at, b.settled_at, b.units, b.decimal, b.status, b.net, b.type, b.sport, b.league, b.selection, g.home_team, g.away_team,
              (select count(*) from betting_bet_legs l where l.bet_id = b.id) as legs
       from betting_bets b left join betting_games g on g.id = b.game_id
       where b.guild_id = ? and b.user_id = ? order by b.placed_at desc, b.id desc limit ${Math.max(1, Math.min(5000, Math.floor(limit)))}`,
      [guildId, userId],
    )) as Record<string, unknown>[];
  return rows.reverse().map((r) => ({
    betId: Number(r.id),
    placedAt: Number(r.placed_at),
    settledAt: r.settled_at === null ? null : Number(r.settled_at),
    units: Number(r.units),
    decimal: Number(r.decimal),
    status: String(r.status) as PlacedBet['status'],
    net: r.net === null ? null : Number(r.net),
    type: String(r.type) as PlacedBet['type'],
    legs: Math.max(1, Number(r.legs ?? 0)),
    sport: (r.sport as string | null) ?? null,
    league: (r.league as string | null) ?? null,
    team: r.selection === 'home' ? ((r.home_team as string | null) ?? null) : r.selection === 'away' ? ((r.away_team as string | null) ?? null) : null,
  }));
}
