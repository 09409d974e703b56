import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** One answered API call (the seed's `api_usage`), written in batches off the request path. */
export interface ApiUsage {
  id: number;
  userId: string;
  guildId: string;
  keyId: number;
  method: string;
  /** The route pattern (`/api/v1/betting/bets/:betId`), never the URL. */
  endpoint: string;
  /** Query and body field names only: values may be secrets. */
  requestData: Record<string, unknown>;
  responseTime: number;
  statusCode: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
}

export const ApiUsageSchema = new EntitySchema<ApiUsage>({
  name: 'ApiUsage',
  tableName: 'api_usage',
  indexes: [
    { name: 'idx_user_endpoint', properties: ['userId', 'endpoint'] },
    { name: 'idx_timestamp', properties: ['timestamp'] },
    { name: 'api_usage_guild_index', properties: ['guildId', 'timestamp'] },
  ],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    userId: { type: 'string', length: 32 },
    guildId: { type: 'string', length: 32 },
    keyId: { type: 'integer' },
    method: { type: 'string', length: 8 },
    endpoint: { type: 'string', length: 100 },
    requestData: { type: 'json' },
    responseTime: { type: 'integer' },
    statusCode: { type: 'integer' },
    timestamp: { type: new BigIntType('number') },
  },
});
