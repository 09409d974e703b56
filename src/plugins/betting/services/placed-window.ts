import type { BettingContext } from './context.ts';
import { IMPORTED_INTERACTION_PREFIX } from './import.ts';
import { recordRates } from './stats-math.ts';

/**
 * Which bets a time-boxed contest counts: a server's bets PLACED in `[placedFrom, placedTo)` (a bet is locked when
 * placed, so one placed before the window can never be moved into it), that have settled (before `settledBefore`,
 * when given, so final standings read the same whenever they are computed).
 */
export interface PlacedWindow {
  guildId: string;
  /** Epoch ms, inclusive. */
  placedFrom: number;
  /** Epoch ms, exclusive. */
  placedTo: number;
  /** Epoch ms, exclusive: only bets settled before it. */
  settledBefore?: number;
}

/** One member's record over a {@link PlacedWindow}, with the rates of `/stats` (stats-math `recordRates`). */
export interface MemberWindowRecord {
  userId: string;
  /** Settled bets, voids included. */
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  voids: number;
  /** Units at risk (voids excluded), rounded as settlement rounds. */
  risked: number;
  /** Net units, rounded as settlement rounds. */
  net: number;
  /** net / risked; null when nothing was risked. */
  roi: number | null;
  /** wins / (wins + losses); null when there are none. */
  winRate: number | null;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/**
 * Every member's settled record over bets placed in a window, one row per member with at least one settled bet,
 * ordered by member id (the caller ranks). Counts what `/stats` counts — verified bets only (they alone have unit
 * records), risked without voids — and leaves out imported history, whose placing times are the member's word.
 * Summed by the database over the bets' (guild, placed_at) index; never one row per bet through Node.
 */
export async function placedWindowRecords(ctx: BettingContext, window: PlacedWindow): Promise<MemberWindowRecord[]> {
  const params: unknown[] = [window.guildId, window.placedFrom, window.placedTo, `${IMPORTED_INTERACTION_PREFIX}%`];
  let settled = '';
  if (window.settledBefore !== undefined) {
    settled = ' and u.settled_at < ?';
    params.push(window.settledBefore);
  }
  const rows = (await ctx.em().getConnection().execute(
    `select u.user_id, count(*) as bets,
       sum(case when u.result = 'won' then 1 else 0 end) as wins,
       sum(case when u.result = 'lost' then 1 else 0 end) as losses,
       sum(case when u.result = 'push' then 1 else 0 end) as pushes,
       sum(case when u.result = 'void' then 1 else 0 end) as voids,
       sum(case when u.result = 'void' then 0 else u.units end) as risked,
       sum(u.net) as net
     from betting_bets b join betting_unit_records u on u.bet_id = b.id
     where b.guild_id = ? and b.placed_at >= ? and b.placed_at < ? and b.interaction_id not like ?${settled}
     group by u.user_id order by u.user_id`,
    params,
    'all',
  )) as Record<string, unknown>[];
  return rows.map((r) => {
    const wins = num(r.wins);
    const losses = num(r.losses);
    return {
      userId: String(r.user_id),
      bets: num(r.bets),
      wins,
      losses,
      pushes: num(r.pushes),
      voids: num(r.voids),
      ...recordRates({ wins, losses, net: num(r.net), risked: num(r.risked) }),
    };
  });
}
