import { BigIntType, EntitySchema } from '@mikro-orm/core';

/**
 * A pattern the detectors found in a consenting member's betting (the seed's `betting_patterns`). One row per
 * member, server and kind, updated as the evidence changes.
 */
export interface BettingPattern {
  id: number;
  userId: string;
  guildId: string;
  patternType: string;
  patternData: Record<string, unknown> | null;
  /** 0..1, four decimals. */
  confidenceScore: number;
  createdAt: number;
  updatedAt: number;
}

export const BettingPatternSchema = new EntitySchema<BettingPattern>({
  name: 'AnalyticsBettingPattern',
  tableName: 'betting_patterns',
  indexes: [
    { name: 'idx_user_pattern', properties: ['userId', 'patternType'] },
    { name: 'idx_confidence_score', properties: ['confidenceScore'] },
  ],
  uniques: [{ name: 'betting_patterns_guild_user_type_unique', properties: ['guildId', 'userId', 'patternType'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    userId: { type: 'string', length: 32 },
    guildId: { type: 'string', length: 32 },
    patternType: { type: 'string', length: 50 },
    patternData: { type: 'json', nullable: true },
    confidenceScore: { type: 'double' },
    createdAt: { type: new BigIntType('number') },
    updatedAt: { type: new BigIntType('number') },
  },
});
