import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** Where a durable job is in its life. `dead` jobs stay visible until retried by hand. */
export const JOB_STATUSES = ['pending', 'running', 'done', 'dead', 'skipped'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * A durable job (the outbox). Times are epoch milliseconds so the claim queries compare plain numbers the same
 * way on SQLite and MySQL, whatever the session time zone.
 */
export interface Job {
  id: number;
  plugin: string;
  name: string;
  guildId: string | null;
  payload: unknown;
  idempotencyKey: string | null;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  lockedBy: string | null;
  lockedUntil: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export const JobSchema = new EntitySchema<Job>({
  name: 'Job',
  tableName: 'jobs',
  indexes: [{ name: 'jobs_status_run_at_index', properties: ['status', 'runAt'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    plugin: { type: 'string', length: 64 },
    name: { type: 'string', length: 128 },
    guildId: { type: 'string', length: 32, nullable: true },
    payload: { type: 'json', nullable: true },
    idempotencyKey: { type: 'string', length: 191, nullable: true, unique: 'jobs_idempotency_key_unique' },
    status: { type: 'string', length: 16, default: 'pending' },
    attempts: { type: 'integer', default: 0 },
    maxAttempts: { type: 'integer', default: 8 },
    runAt: { type: new BigIntType('number') },
    lockedBy: { type: 'string', length: 64, nullable: true },
    lockedUntil: { type: new BigIntType('number'), nullable: true },
    lastError: { type: 'text', nullable: true },
    createdAt: { type: new BigIntType('number') },
    updatedAt: { type: new BigIntType('number') },
    finishedAt: { type: new BigIntType('number'), nullable: true },
  },
});
