import type { DbsbmServices } from 'dbsbm';
import type { StreamContext } from '../services/context.ts';
import type { Competition, CompetitionMetric } from './entity.ts';

/** One member's record over a window, as betting gives it (`placedWindowRecords`). */
type MemberWindowRecord = Awaited<ReturnType<DbsbmServices['betting']['placedWindowRecords']>>[number];

/** For ROI and win-rate contests, members with fewer settled bets than this rank after everyone who has enough. */
export const MIN_BETS_FOR_RATES = 3;
/** The most rows kept in frozen standings (and sent in a live event). */
export const MAX_STANDING_ROWS = 100;

/** One member's place in a competition. */
export interface StandingRow {
  /** 1-based; members tied on the ranked figure share a rank (1, 2, 2, 4). */
  rank: number;
  userId: string;
  /** Net units won. */
  net: number;
  /** net / risked; null when nothing was risked. */
  roi: number | null;
  winRate: number | null;
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
}

/** A competition's standings at a moment. */
export interface Standings {
  competitionId: number;
  metric: CompetitionMetric;
  /** Epoch ms they were computed. */
  at: number;
  /** Whether these are the frozen final standings. */
  final: boolean;
  /** Members with at least one settled bet in the window (may exceed `rows.length`). */
  members: number;
  rows: StandingRow[];
}

/** The figure a metric ranks by; members short of {@link MIN_BETS_FOR_RATES} rank below (ROI, win rate only). */
function rankKey(r: MemberWindowRecord, metric: CompetitionMetric): [number, number] {
  if (metric === 'net') return [1, r.net];
  const value = metric === 'roi' ? r.roi : r.winRate;
  return [r.bets >= MIN_BETS_FOR_RATES && value !== null ? 1 : 0, value ?? -Infinity];
}

/**
 * Ranks members' records by the competition's metric, best first: net units (ties broken by ROI, then more bets),
 * or ROI / win rate (ties broken by net). Equal figures share a rank. The figures themselves are betting's (the
 * rates of `/stats`), never computed here.
 */
export function rankRecords(records: readonly MemberWindowRecord[], metric: CompetitionMetric): StandingRow[] {
  const keyed = records.map((r) => ({ r, key: rankKey(r, metric) }));
  const secondary = (r: MemberWindowRecord): number => (metric === 'net' ? (r.roi ?? -Infinity) : r.net);
  keyed.sort((a, b) => b.key[0] - a.key[0] || b.key[1] - a.key[1] || secondary(b.r) - secondary(a.r) || b.r.bets - a.r.bets || a.r.userId.localeCompare(b.r.userId));
  let rank = 0;
  return keyed.map(({ r, key }, i) => {
    const prev = keyed[i - 1];
    if (!prev || prev.key[0] !== key[0] || prev.key[1] !== key[1]) rank = i + 1;
    return { rank, userId: r.userId, net: r.net, roi: r.roi, winRate: r.winRate, bets: r.bets, wins: r.wins, losses: r.losses, pushes: r.pushes };
  });
}

/**
 * The standings of a competition now: members' settled bets placed in its window, read through betting's API.
 * Final standings count only bets settled before the end, so computing them again (a retried job) gives the same.
 */
export async function computeStandings(ctx: StreamContext, competition: Competition, now: number, final = false): Promise<Standings> {
  const records = await ctx.use('betting').placedWindowRecords({
    guildId: competition.guildId,
    placedFrom: competition.startsAt,
    placedTo: competition.endsAt,
    ...(final ? { settledBefore: competition.endsAt } : {}),
  });
  const rows = rankRecords(records, competition.metric);
  return { competitionId: competition.id, metric: competition.metric, at: now, final, members: rows.length, rows: rows.slice(0, MAX_STANDING_ROWS) };
}
