import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** A member who posts bets for others to follow, with the name and image shown on their slips. */
export interface Capper {
  id: number;
  guildId: string;
  userId: string;
  displayName: string;
  imageUrl: string | null;
  createdAt: number;
}

export const CapperSchema = new EntitySchema<Capper>({
  name: 'BettingCapper',
  tableName: 'betting_cappers',
  uniques: [{ name: 'betting_cappers_guild_user_unique', properties: ['guildId', 'userId'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    userId: { type: 'string', length: 32 },
    displayName: { type: 'string', length: 64 },
    imageUrl: { type: 'string', length: 300, nullable: true },
    createdAt: { type: new BigIntType('number') },
  },
});
