import { EntitySchema } from '@mikro-orm/core';

export type LegResult = 'pending' | 'won' | 'lost' | 'push' | 'void' | 'half-won' | 'half-lost';

/** One leg of a parlay. */
export interface BetLeg {
  id: number;
  betId: number;
  gameId: number;
  market: string;
  selection: string;
  line: number | null;
  decimal: number;
  result: LegResult;
}

export const BetLegSchema = new EntitySchema<BetLeg>({
  name: 'BettingBetLeg',
  tableName: 'betting_bet_legs',
  indexes: [
    { name: 'betting_bet_legs_bet_index', properties: ['betId'] },
    { name: 'betting_bet_legs_game_index', properties: ['gameId', 'result'] },
  ],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    betId: { type: 'integer' },
    gameId: { type: 'integer' },
    market: { type: 'string', length: 16 },
    selection: { type: 'string', length: 16 },
    line: { type: 'double', nullable: true },
    decimal: { type: 'double' },
    result: { type: 'string', length: 16, default: 'pending' },
  },
});
