import type { EntityManager } from '@mikro-orm/knex';
import { IsolationLevel, type MikroORM } from '@mikro-orm/core';
import type { Dialect } from '../db/database-url.ts';
import type { Job, JobStatus } from '../db/entities/job.ts';

/** A job row as the worker sees it. */
export type JobRow = Omit<Job, 'updatedAt'>;

export interface NewJob {
  plugin: string;
  name: string;
  guildId: string | null;
  payload: unknown;
  idempotencyKey: string | null;
  runAt: number;
  maxAttempts: number;
}

type RawRow = Record<string, unknown>;

const CLAIMABLE = `((status = 'pending' and run_at <= ?) or (status = 'running' and locked_until < ?))`;

function toRow(raw: RawRow): JobRow {
  const num = (v: unknown): number => Number(v);
  const opt = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  let payload: unknown = raw.payload;
  if (typeof payload === 'string') payload = JSON.parse(payload);
  return {
    id: num(raw.id),
    plugin: String(raw.plugin),
    name: String(raw.name),
    guildId: (raw.guild_id as string | null) ?? null,
    payload,
    idempotencyKey: (raw.idempotency_key as string | null) ?? null,
    status: raw.status as JobStatus,
    attempts: num(raw.attempts),
    maxAttempts: num(raw.max_attempts),
    runAt: num(raw.run_at),
    lockedBy: (raw.locked_by as string | null) ?? null,
    lockedUntil: opt(raw.locked_until),
    lastError: (raw.last_error as string | null) ?? null,
    createdAt: num(raw.created_at),
    finishedAt: opt(raw.finished_at),
  };
}

/**
 * The SQL of the durable job table. Claims use `FOR UPDATE SKIP LOCKED` on MySQL/MariaDB, so workers never wait
 * on each other, and a single conditional UPDATE on SQLite, whose writes are serialized anyway.
 */
export class JobStore {
  constructor(
    private readonly orm: MikroORM,
    private readonly dialect: Dialect,
  ) {}

  /** Inserts a job in `em`'s transaction (if any); a duplicate idempotency key is silently ignored. */
  async insert(em: EntityManager, job: NewJob, now = Date.now()): Promise<void> {
    const cols = 'plugin, name, guild_id, payload, idempotency_key, status, attempts, max_attempts, run_at, created_at, updated_at';
    const values = '?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?';
    const sql =
      this.dialect === 'sqlite'
        ? `insert into jobs (${cols}) values (${values}) on conflict (idempotency_key) do nothing`
        : `insert into jobs (${cols}) values (${values}) on duplicate key update id = id`;
    const params = [job.plugin, job.name, job.guildId, JSON.stringify(job.payload ?? null), job.idempotencyKey, 'pending', job.maxAttempts, job.runAt, now, now];
    await em.getConnection().execute(sql, params, 'run', em.getTransactionContext());
  }

  /** Inserts many jobs in `em`'s transaction, a few hundred rows per statement; duplicates of a key are ignored. */
  async insertMany(em: EntityManager, jobs: NewJob[], now = Date.now()): Promise<void> {
    const cols = 'plugin, name, guild_id, payload, idempotency_key, status, attempts, max_attempts, run_at, created_at, updated_at';
    for (let i = 0; i < jobs.length; i += 500) {
      const chunk = jobs.slice(i, i + 500);
      const values = chunk.map(() => "(?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)").join(', ');
      const sql =
        this.dialect === 'sqlite'
          ? `insert into jobs (${cols}) values ${values} on conflict (idempotency_key) do nothing`
          : `insert into jobs (${cols}) values ${values} on duplicate key update id = id`;
      const params = chunk.flatMap((j) => [j.plugin, j.name, j.guildId, JSON.stringify(j.payload ?? null), j.idempotencyKey, j.maxAttempts, j.runAt, now, now]);
      await em.getConnection().execute(sql, params, 'run', em.getTransactionContext());
    }
  }

  /** Claims up to `limit` due jobs for `token` until `now + leaseMs`; returns them with `attempts` counted. */
  async claim(token: string, limit: number, leaseMs: number, now = Date.now()): Promise<JobRow[]> {
    const em = this.orm.em.fork() as EntityManager;
    const until = now + leaseMs;
    if (this.dialect === 'sqlite') {
      await em.getConnection().execute(
        `update jobs set status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1, updated_at = ?
         where id in (select id from jobs where ${CLAIMABLE} order by run_at, id limit ?)`,
        [token, until, now, now, now, limit],
        'run',
      );
    } else {
      // READ COMMITTED: no gap locks on the (status, run_at) index, which under REPEATABLE READ deadlocked with
      // concurrent inserts into the table (found by the webhooks benchmark on MariaDB).
      await em.transactional(async (tem) => {
        const ctx = tem.getTransactionContext();
        const conn = tem.getConnection();
        const ids = (await conn.execute(
          `select id from jobs where ${CLAIMABLE} order by run_at, id limit ? for update skip locked`,
          [now, now, limit],
          'all',
          ctx,
        )) as RawRow[];
        if (ids.length === 0) return;
        await conn.execute(
          `update jobs set status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1, updated_at = ?
           where id in (${ids.map(() => '?').join(', ')})`,
          [token, until, now, ...ids.map((r) => r.id)],
          'run',
          ctx,
        );
      }, { isolationLevel: IsolationLevel.READ_COMMITTED });
    }
    const rows = (await em.getConnection().execute(
      `select * from jobs where locked_by = ? and status = 'running' order by run_at, id`,
      [token],
      'all',
    )) as RawRow[];
    return rows.map(toRow);
  }

  /** Marks a claimed job finished; does nothing if the lease was lost to another worker. */
  async finish(job: JobRow, token: string, status: 'done' | 'skipped', now = Date.now()): Promise<boolean> {
    return this.#update(
      `update jobs set status = ?, finished_at = ?, updated_at = ?, locked_by = null, locked_until = null where id = ? and locked_by = ?`,
      [status, now, now, job.id, token],
    );
  }

  /** Records a failure: back to pending at `retryAt`, or dead when `retryAt` is null. */
  async fail(job: JobRow, token: string, error: string, retryAt: number | null, now = Date.now()): Promise<boolean> {
    if (retryAt === null) {
      return this.#update(
        `update jobs set status = 'dead', last_error = ?, finished_at = ?, updated_at = ?, locked_by = null, locked_until = null where id = ? and locked_by = ?`,
        [error.slice(0, 4000), now, now, job.id, token],
      );
    }
    return this.#update(
      `update jobs set status = 'pending', last_error = ?, run_at = ?, updated_at = ?, locked_by = null, locked_until = null where id = ? and locked_by = ?`,
      [error.slice(0, 4000), retryAt, now, job.id, token],
    );
  }

  /** Extends the lease of a job still running. */
  async renew(job: JobRow, token: string, until: number): Promise<boolean> {
    return this.#update(`update jobs set locked_until = ? where id = ? and locked_by = ? and status = 'running'`, [until, job.id, token]);
  }

  /** Gives back a claimed job untouched (shutdown): it runs again soon, its attempt not counted. */
  async release(job: JobRow, token: string, now = Date.now()): Promise<boolean> {
    return this.#update(
      `update jobs set status = 'pending', attempts = attempts - 1, run_at = ?, locked_by = null, locked_until = null, updated_at = ? where id = ? and locked_by = ? and status = 'running'`,
      [now, now, job.id, token],
    );
  }

  /** Puts a dead job back in the queue with a fresh set of attempts. Returns false if it is not dead. */
  async retryDead(id: number, now = Date.now()): Promise<boolean> {
    return this.#update(
      `update jobs set status = 'pending', attempts = 0, run_at = ?, finished_at = null, updated_at = ? where id = ? and status = 'dead'`,
      [now, now, id],
    );
  }

  async list(filter: { status?: JobStatus; plugin?: string; limit?: number } = {}): Promise<JobRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.plugin) {
      where.push('plugin = ?');
      params.push(filter.plugin);
    }
    params.push(filter.limit ?? 100);
    const sql = `select * from jobs ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc limit ?`;
    const rows = (await this.orm.em.fork().getConnection().execute(sql, params, 'all')) as RawRow[];
    return rows.map(toRow);
  }

  async get(id: number): Promise<JobRow | undefined> {
    const rows = (await this.orm.em.fork().getConnection().execute('select * from jobs where id = ?', [id], 'all')) as RawRow[];
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** Deletes finished jobs older than `before` (epoch ms). */
  async prune(before: number): Promise<number> {
    const res = (await this.orm.em.fork().getConnection().execute(
      `delete from jobs where status in ('done', 'skipped') and finished_at < ?`,
      [before],
      'run',
    )) as { affectedRows?: number };
    return res.affectedRows ?? 0;
  }

  async #update(sql: string, params: unknown[]): Promise<boolean> {
    const res = (await this.orm.em.fork().getConnection().execute(sql, params, 'run')) as { affectedRows?: number; changes?: number };
    return (res.affectedRows ?? res.changes ?? 0) > 0;
  }
}
