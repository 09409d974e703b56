/**
 * What the live stream sends (docs/streaming.md): every event in one envelope, on every transport.
 */

/** A member's line on a live leaderboard (as `GET /api/v1/betting/leaderboard` answers it). */
export interface LeaderboardRow {
  /** 1-based; ties share a rank. */
  rank: number;
  userId: string;
  bets: number;
  wins: number;
  losses: number;
  /** Net units won. */
  net: number;
  /** Units risked. */
  risked: number;
  /** net / risked; null when nothing was risked. */
  roi: number | null;
  winRate: number | null;
}

/** A member's line in a competition's standings. */
export interface StandingsRow {
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

/**
 * The data of each event the stream sends, by event name. `test/packages/sdk-stream.test.ts` checks at compile time
 * that what the server publishes fits these shapes.
 */
export interface StreamEventData {
  /** A price moved (decimal odds). Conflated: a client gets the latest per market, at most every 250 ms. */
  'odds.moved': { gameId: number; market: string; selection: string; line: number; from: number | null; to: number; league: string | null };
  'game.started': { gameId: number };
  'game.score': { gameId: number; home: number; away: number };
  'game.final': { gameId: number; home: number; away: number };
  'bet.placed': { guildId: string; betId: number; userId: string; type: string; units: number; decimal: number };
  'bet.settled': { guildId: string; betId: number; userId: string; result: 'won' | 'lost' | 'push' | 'void'; net: number };
  'bet.voided': { guildId: string; betId: number; userId: string };
  'bet.cancelled': { guildId: string; betId: number; userId: string };
  /** The server's leaderboard after bets settled (its top rows). */
  'leaderboard.updated': { metric: 'net' | 'roi' | 'winrate' | 'bets'; period: 'day' | 'week' | 'month' | 'year' | 'all'; at: number; rows: LeaderboardRow[] };
  'competition.started': CompetitionData;
  /** Standings changed (a bet in the window settled): the top 25 rows. */
  'competition.standings': CompetitionData & { at: number; members: number; rows: StandingsRow[] };
  /** Over: `finished` with the final standings, or `cancelled` by a server manager. */
  'competition.ended': CompetitionData & { reason: 'finished' | 'cancelled'; at: number; members: number; rows: StandingsRow[] };
}

/** What every competition event says about the competition. */
export interface CompetitionData {
  competitionId: number;
  name: string;
  /** What ranks members (as `/competition create` set it). */
  metric: 'net' | 'roi' | 'winrate';
  /** Epoch ms, inclusive. */
  startsAt: number;
  /** Epoch ms, exclusive. */
  endsAt: number;
}

/** The name of an event the stream sends. */
export type StreamEventName = keyof StreamEventData;

/**
 * One event, as every transport delivers it. `id` is opaque: keep the last one and hand it back to resume.
 * Narrow `data` with {@link isStreamEvent}.
 */
export interface StreamEvent<Name extends string = string> {
  /** The event's id, e.g. `1765123456789-0`: ids only ever grow, across topics and instances. */
  id: string;
  /** The topic as the client named it: `scores`, `odds:game:12`, `bets`, … */
  topic: string;
  event: Name;
  /** When it was published (epoch ms). */
  at: number;
  data: Name extends StreamEventName ? StreamEventData[Name] : unknown;
}

/**
 * Whether an event is `name`, typing its `data`.
 * @example
 * if (isStreamEvent(e, 'game.score')) console.log(e.data.home, e.data.away);
 */
export function isStreamEvent<Name extends StreamEventName>(event: StreamEvent, name: Name): event is StreamEvent<Name> {
  return event.event === name;
}

/** Topics a client may follow: a game's or a league's prices, scores, and its own server's bets, leaderboard and competitions. */
export type StreamTopic = `odds:game:${number}` | `odds:league:${string}` | 'scores' | `scores:game:${number}` | 'bets' | 'leaderboard' | 'competitions';
