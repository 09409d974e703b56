import type { BetResult } from './services/payout.ts';

// The events the betting plugin publishes; other plugins subscribe to them (webhooks, streaming, analytics).
declare module 'dbsbm' {
  interface DbsbmEvents {
    /** A game appeared in a feed. Games are not a server's: no guildId. */
    'game.scheduled': { gameId: number; sport: string; league: string; homeTeam: string; awayTeam: string; startTime: number };
    /** A selection's price changed (decimal prices). */
    'odds.moved': { gameId: number; market: string; selection: string; line: number; from: number | null; to: number };
    'game.started': { gameId: number };
    'game.score': { gameId: number; home: number; away: number };
    'game.final': { gameId: number; home: number; away: number };
    'bet.placed': { guildId: string; betId: number; userId: string; type: string; units: number; decimal: number };
    'bet.settled': { guildId: string; betId: number; userId: string; result: BetResult; net: number };
    'bet.voided': { guildId: string; betId: number; userId: string };
    'bet.cancelled': { guildId: string; betId: number; userId: string };
    /** A member imported settled history (`/bet import`): the UTC days (since the epoch) whose bets changed. */
    'bets.imported': { guildId: string; userId: string; count: number; days: number[] };
  }
}

/** The events this plugin publishes, for its definition. */
export const BETTING_EVENTS = [
  'game.scheduled',
  'odds.moved',
  'game.started',
  'game.score',
  'game.final',
  'bet.placed',
  'bet.settled',
  'bet.voided',
  'bet.cancelled',
  'bets.imported',
] as const;
