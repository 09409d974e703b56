import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { ApiScope } from 'dbsbm';

/** An API key of one server. The secret itself is never stored: its SHA-256 and its last four characters are. */
export interface ApiKey {
  id: number;
  guildId: string;
  name: string;
  scope: ApiScope;
  /** SHA-256 (hex) of the whole key: a key has 190 random bits, so a fast hash cannot be brute-forced. */
  secretHash: string;
  last4: string;
  /** The member who created it: the API acts as them where a rule needs a member. */
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** Set on the old key by a rotation: it keeps working until then. */
  expiresAt: number | null;
  /** The key that replaced this one in a rotation. */
  replacedBy: number | null;
}

export const ApiKeySchema = new EntitySchema<ApiKey>({
  name: 'ApiKey',
  tableName: 'api_keys',
  indexes: [{ name: 'api_keys_guild_index', properties: ['guildId', 'createdAt'] }],
  uniques: [{ name: 'api_keys_secret_hash_unique', properties: ['secretHash'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    name: { type: 'string', length: 100 },
    scope: { type: 'string', length: 8 },
    secretHash: { type: 'string', length: 64 },
    last4: { type: 'string', length: 4 },
    createdBy: { type: 'string', length: 32 },
    createdAt: { type: new BigIntType('number') },
    lastUsedAt: { type: new BigIntType('number'), nullable: true },
    revokedAt: { type: new BigIntType('number'), nullable: true },
    expiresAt: { type: new BigIntType('number'), nullable: true },
    replacedBy: { type: 'integer', nullable: true },
  },
});
