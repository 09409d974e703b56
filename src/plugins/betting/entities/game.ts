import { BigIntType, EntitySchema } from '@mikro-orm/core';

export const GAME_STATUSES = ['scheduled', 'live', 'final', 'postponed', 'cancelled'] as const;
export type GameStatus = (typeof GAME_STATUSES)[number];

/** A game from a feed. Games are public facts shared by every server; bets on them belong to one server. */
export interface Game {
  id: number;
  provider: string;
  providerId: string;
  sport: string;
  league: string;
  homeTeam: string;
  awayTeam: string;
  /** Kick-off, epoch ms. */
  startTime: number;
  status: GameStatus;
  homeScore: number | null;
  awayScore: number | null;
  updatedAt: number;
}

export const GameSchema = new EntitySchema<Game>({
  name: 'BettingGame',
  tableName: 'betting_games',
  indexes: [{ name: 'betting_games_status_start_index', properties: ['status', 'startTime'] }],
  uniques: [{ name: 'betting_games_provider_unique', properties: ['provider', 'providerId'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    provider: { type: 'string', length: 32 },
    providerId: { type: 'string', length: 128 },
    sport: { type: 'string', length: 32 },
    league: { type: 'string', length: 64 },
    homeTeam: { type: 'string', length: 64 },
    awayTeam: { type: 'string', length: 64 },
    startTime: { type: new BigIntType('number') },
    status: { type: 'string', length: 16, default: 'scheduled' },
    homeScore: { type: 'integer', nullable: true },
    awayScore: { type: 'integer', nullable: true },
    updatedAt: { type: new BigIntType('number') },
  },
});
