import { appendGuildEvent } from '../services/guild-topics.ts';
import type { StreamContext } from '../services/context.ts';
import type { Competition } from './entity.ts';
import type { StandingRow, Standings } from './standings.ts';

/** Rows a live event carries (the full standings are one `/competition standings` or REST call away). */
export const LIVE_ROWS = 25;

/** What every competition event says about the competition. */
export interface CompetitionRef {
  competitionId: number;
  name: string;
  metric: Competition['metric'];
  /** Epoch ms, inclusive. */
  startsAt: number;
  /** Epoch ms, exclusive. */
  endsAt: number;
}

/** `competition.started`: its window opened. */
export type CompetitionStartedData = CompetitionRef;
/** `competition.standings`: standings changed (a bet in the window settled); at most {@link LIVE_ROWS} rows. */
export interface CompetitionStandingsData extends CompetitionRef {
  at: number;
  members: number;
  rows: StandingRow[];
}
/** `competition.ended`: `finished` with the final standings (as posted), or `cancelled` by a server manager. */
export interface CompetitionEndedData extends CompetitionRef {
  reason: 'finished' | 'cancelled';
  at: number;
  members: number;
  rows: StandingRow[];
}

const ref = (c: Competition): CompetitionRef => ({ competitionId: c.id, name: c.name, metric: c.metric, startsAt: c.startsAt, endsAt: c.endsAt });

/** Tells the server's `competitions` topic the competition started (once: a repeat is dropped by its dedupe key). */
export function appendStarted(ctx: StreamContext, c: Competition): Promise<string | null> {
  return appendGuildEvent(ctx, c.guildId, 'competitions', 'competition.started', ref(c) satisfies CompetitionStartedData, `competition.started:${c.id}`);
}

/** Sends live standings to the server's `competitions` topic. */
export function appendStandings(ctx: StreamContext, c: Competition, s: Standings): Promise<string | null> {
  const data: CompetitionStandingsData = { ...ref(c), at: s.at, members: s.members, rows: s.rows.slice(0, LIVE_ROWS) };
  return appendGuildEvent(ctx, c.guildId, 'competitions', 'competition.standings', data);
}

/** Tells the server's `competitions` topic the competition is over (once per competition). */
export function appendEnded(ctx: StreamContext, c: Competition, reason: CompetitionEndedData['reason'], at: number, s?: Standings): Promise<string | null> {
  const data: CompetitionEndedData = { ...ref(c), reason, at, members: s?.members ?? 0, rows: (s?.rows ?? []).slice(0, LIVE_ROWS) };
  return appendGuildEvent(ctx, c.guildId, 'competitions', 'competition.ended', data, `competition.ended:${c.id}`);
}
