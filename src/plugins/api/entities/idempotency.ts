import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** A POST made with an `Idempotency-Key`: its response, replayed to retries for 24 hours. */
export interface ApiIdempotency {
  id: number;
  keyId: number;
  idempotencyKey: string;
  /** SHA-256 of method, path and body: the same key with another request is refused. */
  fingerprint: string;
  /** `running` until the first call answers; a retry meanwhile gets 409. */
  state: 'running' | 'done';
  statusCode: number | null;
  responseBody: string | null;
  createdAt: number;
}

export const ApiIdempotencySchema = new EntitySchema<ApiIdempotency>({
  name: 'ApiIdempotency',
  tableName: 'api_idempotency',
  indexes: [{ name: 'api_idempotency_created_index', properties: ['createdAt'] }],
  uniques: [{ name: 'api_idempotency_key_unique', properties: ['keyId', 'idempotencyKey'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    keyId: { type: 'integer' },
    idempotencyKey: { type: 'string', length: 255 },
    fingerprint: { type: 'string', length: 64 },
    state: { type: 'string', length: 8 },
    statusCode: { type: 'integer', nullable: true },
    responseBody: { type: 'text', nullable: true },
    createdAt: { type: new BigIntType('number') },
  },
});
