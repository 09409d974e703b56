import type { EntityManager } from '@mikro-orm/knex';
import type { DataApi, SqlRow, SqlValue } from '../db/data-api.ts';
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

type RawRow = SqlRow;

/** One plugin's share of the job queue at a moment (see {@link JobStore.queue}). */
export interface QueueFigures {
  plugin: string;
  /** Jobs due and waiting for a worker. */
  due: number;
  /** Jobs a worker holds. */
  running: number;
  /** When the longest-waiting due job became due (epoch ms); null when none waits. */
  oldestDueAt: number | null;
}

// Claimable jobs are read in two index ranges, not one `or`: with an `or`, SQLite and MariaDB read every pending job and
// sort them all on each claim (a 2,000-job backlog made a claim cost ~1 ms); a range of the (status, run_at) index is
// already in claim order, so a claim stops after `limit` rows. Leases that expired (a worker died) come first.
const EXPIRED = `status = 'running' and locked_until < ?`;
const DUE = `status = 'pending' and run_at <= ?`;

/** A job kind: plugin and job name. */
export interface JobKind {
  plugin: string;
  name: string;
}

/**
 * Which jobs a claim may take: only one kind (a batch handler's lane), or any kind but some (the single-job slots,
 * which leave the batch kinds to their lanes). @default any job
 */
export type ClaimScope = { only: JobKind } | { except: readonly JobKind[] };

function scopeSql(scope: ClaimScope | undefined): { sql: string; params: SqlValue[] } {
  if (!scope) return { sql: '', params: [] };
  if ('only' in scope) return { sql: ' and plugin = ? and name = ?', params: [scope.only.plugin, scope.only.name] };
  if (scope.except.length === 0) return { sql: '', params: [] };
  return { sql: scope.except.map(() => ' and not (plugin = ? and name = ?)').join(''), params: scope.except.flatMap((k) => [k.plugin, k.name]) };
}

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

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
  readonly #data: DataApi;

  constructor(data: DataApi) {
    this.#data = data;
  }

  get dialect(): DataApi['dialect'] {
    return this.#data.dialect;
  }

  /** One transaction on one connection (a batch's outcomes and the handler's own rows). */
  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.#data.transaction(fn);
  }

  /** Inserts a job in `em`'s transaction (if any); a duplicate idempotency key is silently ignored. */
  async insert(em: EntityManager, job: NewJob, now = Date.now()): Promise<void> {
    const cols = 'plugin, name, guild_id, payload, idempotency_key, status, attempts, max_attempts, run_at, created_at, updated_at';
    const values = '?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?';
    const sql =
      this.dialect === 'sqlite'
        ? `insert into jobs (${cols}) values (${values}) on conflict (idempotency_key) do nothing`
        : `insert into jobs (${cols}) values (${values}) on duplicate key update id = id`;
    const params = [job.plugin, job.name, job.guildId, JSON.stringify(job.payload ?? null), job.idempotencyKey, 'pending', job.maxAttempts, job.runAt, now, now];
    await this.#data.run(sql, params, em);
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
      const params = chunk.flatMap((j): SqlValue[] => [j.plugin, j.name, j.guildId, JSON.stringify(j.payload ?? null), j.idempotencyKey, j.maxAttempts, j.runAt, now, now]);
      await this.#data.run(sql, params, em);
    }
  }

  /**
   * Claims up to `limit` due jobs (of `scope`) for `token` until `now + leaseMs`; returns them with `attempts` counted,
   * oldest first.
   */
  async claim(token: string, limit: number, leaseMs: number, now = Date.now(), scope?: ClaimScope): Promise<JobRow[]> {
    const until = now + leaseMs;
    const kind = scopeSql(scope);
    if (this.dialect === 'sqlite') {
      // One statement claims and returns the rows: SQLite serialises writers, so nobody can claim them in between.
      const rows = await this.#data.all(
        `update jobs set status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1, updated_at = ?
         where id in (
           select id from (select id from jobs where ${EXPIRED}${kind.sql} order by run_at, id limit ?)
           union all
           select id from (select id from jobs where ${DUE}${kind.sql} order by run_at, id limit ?)
           limit ?
         ) returning *`,
        [token, until, now, now, ...kind.params, limit, now, ...kind.params, limit, limit],
      );
      return rows.map(toRow).sort((a, b) => a.runAt - b.runAt || a.id - b.id);
    }
    // READ COMMITTED: no gap locks on the (status, run_at) index, which under REPEATABLE READ deadlocked with
    // concurrent inserts into the table (found by the webhooks benchmark on MariaDB).
    return this.#data.transaction(
      async (em) => {
        const rows = await this.#data.all(`select * from jobs where ${EXPIRED}${kind.sql} order by run_at, id limit ? for update skip locked`, [now, ...kind.params, limit], em);
        if (rows.length < limit) {
          rows.push(...(await this.#data.all(`select * from jobs where ${DUE}${kind.sql} order by run_at, id limit ? for update skip locked`, [now, ...kind.params, limit - rows.length], em)));
        }
        if (rows.length === 0) return [];
        const ids = rows.map((r) => Number(r.id));
        await this.#data.run(
          `update jobs set status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1, updated_at = ?
           where id in (${ids.map(() => '?').join(', ')})`,
          [token, until, now, ...ids],
          em,
        );
        return rows
          .map((r) => toRow({ ...r, status: 'running', locked_by: token, locked_until: until, attempts: Number(r.attempts) + 1, updated_at: now }))
          .sort((a, b) => a.runAt - b.runAt || a.id - b.id);
      },
      { isolation: 'read committed' },
    );
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

  /**
   * Marks many jobs of one claim finished in `em`'s transaction, in one statement; jobs whose lease was lost to another
   * worker are left alone. Returns how many were marked.
   */
  async finishMany(em: EntityManager, ids: readonly number[], token: string, status: 'done' | 'skipped', now = Date.now()): Promise<number> {
    if (ids.length === 0) return 0;
    const res = await this.#data.run(
      `update jobs set status = ?, finished_at = ?, updated_at = ?, locked_by = null, locked_until = null where locked_by = ? and id in (${placeholders(ids.length)})`,
      [status, now, now, token, ...ids],
      em,
    );
    return res.changes;
  }

  /** {@link fail} in `em`'s transaction (a batch's outcomes are written together). */
  async failIn(em: EntityManager, job: JobRow, token: string, error: string, retryAt: number | null, now = Date.now()): Promise<boolean> {
    const sql =
      retryAt === null
        ? `update jobs set status = 'dead', last_error = ?, finished_at = ?, updated_at = ?, locked_by = null, locked_until = null where id = ? and locked_by = ?`
        : `update jobs set status = 'pending', last_error = ?, run_at = ?, updated_at = ?, locked_by = null, locked_until = null where id = ? and locked_by = ?`;
    return (await this.#data.run(sql, [error.slice(0, 4000), retryAt ?? now, now, job.id, token], em)).changes > 0;
  }

  /** Extends the lease of many jobs of one claim still running, in one statement. */
  async renewMany(ids: readonly number[], token: string, until: number): Promise<number> {
    if (ids.length === 0) return 0;
    const res = await this.#data.run(`update jobs set locked_until = ? where locked_by = ? and status = 'running' and id in (${placeholders(ids.length)})`, [until, token, ...ids]);
    return res.changes;
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
    const params: SqlValue[] = [];
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
    return (await this.#data.all(sql, params)).map(toRow);
  }

  async get(id: number): Promise<JobRow | undefined> {
    const row = await this.#data.get('select * from jobs where id = ?', [id]);
    return row ? toRow(row) : undefined;
  }

  /**
   * The queue as it stands at `now`, by plugin: jobs due and waiting for a worker (`pending`, `run_at <= now`), jobs
   * running, and when the longest-waiting due job became due. Read from the `(status, run_at)` index.
   */
  async queue(now = Date.now()): Promise<QueueFigures[]> {
    const rows = await this.#data.all(
      `select plugin, status, count(*) as n, min(run_at) as oldest from jobs
       where (status = 'pending' and run_at <= ?) or status = 'running' group by plugin, status`,
      [now],
    );
    const byPlugin = new Map<string, QueueFigures>();
    for (const r of rows) {
      const plugin = String(r.plugin);
      const q = byPlugin.get(plugin) ?? { plugin, due: 0, running: 0, oldestDueAt: null };
      if (r.status === 'running') q.running = Number(r.n);
      else {
        q.due = Number(r.n);
        q.oldestDueAt = r.oldest === null ? null : Number(r.oldest);
      }
      byPlugin.set(plugin, q);
    }
    return [...byPlugin.values()].sort((a, b) => a.plugin.localeCompare(b.plugin));
  }

  /** Deletes finished jobs older than `before` (epoch ms). */
  async prune(before: number): Promise<number> {
    return (await this.#data.run(`delete from jobs where status in ('done', 'skipped') and finished_at < ?`, [before])).changes;
  }

  async #update(sql: string, params: SqlValue[]): Promise<boolean> {
    return (await this.#data.run(sql, params)).changes > 0;
  }
}
