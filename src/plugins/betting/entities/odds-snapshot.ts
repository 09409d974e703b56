import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** One price of one selection at one time: the history from opening to closing. Prices are decimal. */
export interface OddsSnapshot {
  id: number;
  gameId: number;
  market: string;
  selection: string;
  /** Line for totals and spreads; 0 for h2h (a number, so the unique key works on every database). */
  line: number;
  price: number;
  at: number;
  source: string;
}

export const OddsSnapshotSchema = new EntitySchema<OddsSnapshot>({
  name: 'BettingOddsSnapshot',
  tableName: 'betting_odds',
  indexes: [{ name: 'betting_odds_game_index', properties: ['gameId', 'market', 'selection', 'at'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    gameId: { type: 'integer' },
    market: { type: 'string', length: 16 },
    selection: { type: 'string', length: 16 },
    line: { type: 'double', default: 0 },
    price: { type: 'double' },
    at: { type: new BigIntType('number') },
    source: { type: 'string', length: 32 },
  },
});
