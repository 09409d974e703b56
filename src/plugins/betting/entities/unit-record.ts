import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * One row per settled bet (unique by bet, so settling twice can never count twice). Stats and leaderboards are
 * computed from these rows alone.
 */
export interface UnitRecord {
  id: number;
  guildId: string;
  userId: string;
  betId: number;
  betType: string;
  result: string;
  units: number;
  net: number;
  month: number;
  year: number;
  settledAt: number;
  sport: string | null;
  league: string | null;
  fairDecimalAtBet: number | null;
  closingFairDecimal: number | null;
}

export const UnitRecordSchema = new EntitySchema<UnitRecord>({
  name: 'BettingUnitRecord',
  tableName: 'betting_unit_records',
  // Covering: stats and leaderboards read only these columns, so the database never visits the table rows
  // (on MariaDB a cold leaderboard over 1M rows went from 24 s to about 1 s; see docs/BENCHMARKS.md).
  indexes: [{ name: 'betting_unit_records_guild_user_cover_index', properties: ['guildId', 'userId', 'settledAt', 'result', 'units', 'net'] }],
  uniques: [{ name: 'betting_unit_records_bet_unique', properties: ['betId'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    userId: { type: 'string', length: 32 },
    betId: { type: 'integer' },
    betType: { type: 'string', length: 16 },
    result: { type: 'string', length: 16 },
    units: { type: 'double' },
    net: { type: 'double' },
    month: { type: 'integer' },
    year: { type: 'integer' },
    settledAt: { type: new BigIntType('number') },
    sport: { type: 'string', length: 32, nullable: true },
    league: { type: 'string', length: 64, nullable: true },
    fairDecimalAtBet: { type: 'double', nullable: true },
    closingFairDecimal: { type: 'double', nullable: true },
  },
});
