import { BigIntType, EntitySchema } from '@mikro-orm/core';

export const BET_STATUSES = ['pending', 'live', 'won', 'lost', 'push', 'void', 'cancelled'] as const;
export type BetStatus = (typeof BET_STATUSES)[number];
export const SETTLED_STATUSES: readonly BetStatus[] = ['won', 'lost', 'push', 'void'];
export const OPEN_STATUSES: readonly BetStatus[] = ['pending', 'live'];

export type BetType = 'game_line' | 'player_prop' | 'parlay';

/**
 * A bet. Locked when placed: price, units and time never change; only its status moves, and every move is in the
 * audit log. A parlay's legs are in `betting_bet_legs`; its `decimal` is the product of the legs at placing.
 */
export interface Bet {
  id: number;
  guildId: string;
  userId: string;
  type: BetType;
  /** Null for a parlay. */
  gameId: number | null;
  market: string | null;
  selection: string | null;
  line: number | null;
  /** What a player prop is about (e.g. "Saka 1+ shots on target"). */
  description: string | null;
  decimal: number;
  american: number;
  units: number;
  status: BetStatus;
  /** Net units once settled. */
  net: number | null;
  placedAt: number;
  settledAt: number | null;
  /** The Discord interaction that placed it: the same interaction never places two bets. */
  interactionId: string;
  /** For a tail or a fade: the bet it copies. */
  sourceBetId: number | null;
  sourceKind: 'tail' | 'fade' | null;
  /** Fair (de-margined) price of the selection when placed, and at the close: closing line value. */
  fairDecimalAtBet: number | null;
  closingFairDecimal: number | null;
  sport: string | null;
  league: string | null;
  /**
   * Whether the bet counts in records (leaderboards, capper records, stats, competitions): its price was the
   * market's (or within the server's tolerance of it) and, for a prop, an admin or another capper confirmed its grade.
   * Unit records are written only for verified bets, so everything read from them excludes the rest by construction.
   */
  verified: boolean;
}

export const BetSchema = new EntitySchema<Bet>({
  name: 'BettingBet',
  tableName: 'betting_bets',
  indexes: [
    { name: 'betting_bets_user_status_index', properties: ['guildId', 'userId', 'status'] },
    { name: 'betting_bets_game_status_index', properties: ['gameId', 'status'] },
    { name: 'betting_bets_source_bet_index', properties: ['sourceBetId'] },
    { name: 'betting_bets_guild_placed_index', properties: ['guildId', 'placedAt', 'id'] },
  ],
  uniques: [{ name: 'betting_bets_interaction_unique', properties: ['interactionId'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    userId: { type: 'string', length: 32 },
    type: { type: 'string', length: 16 },
    gameId: { type: 'integer', nullable: true },
    market: { type: 'string', length: 16, nullable: true },
    selection: { type: 'string', length: 16, nullable: true },
    line: { type: 'double', nullable: true },
    description: { type: 'string', length: 200, nullable: true },
    decimal: { type: 'double' },
    american: { type: 'integer' },
    units: { type: 'double' },
    status: { type: 'string', length: 16, default: 'pending' },
    net: { type: 'double', nullable: true },
    placedAt: { type: new BigIntType('number') },
    settledAt: { type: new BigIntType('number'), nullable: true },
    interactionId: { type: 'string', length: 32 },
    sourceBetId: { type: 'integer', nullable: true },
    sourceKind: { type: 'string', length: 8, nullable: true },
    fairDecimalAtBet: { type: 'double', nullable: true },
    closingFairDecimal: { type: 'double', nullable: true },
    sport: { type: 'string', length: 32, nullable: true },
    league: { type: 'string', length: 64, nullable: true },
    verified: { type: 'boolean', default: true },
  },
});
