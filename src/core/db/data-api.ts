import type { MikroORM } from '@mikro-orm/core';
import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { Dialect } from './database-url.ts';
import { freshEm, openTransaction, poolClient } from './transaction-guard.ts';

/** A value bound to a `?` placeholder. Dates are bound as epoch milliseconds, booleans as 1/0. */
export type SqlValue = string | number | bigint | boolean | null | Date | Buffer;

/** A row as the driver returns it, keyed by column name. */
export type SqlRow = Record<string, unknown>;

/** What a write did. */
export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
  /** The auto-increment id of the last row inserted, when there was one. */
  lastInsertId: number | null;
}

/** Options of {@link DataApi.transaction}. */
export interface DataTransactionOptions {
  /** `read committed` takes no gap locks on MySQL/MariaDB (claims and counters); SQLite ignores it. @default the server's */
  isolation?: 'read committed';
}

/**
 * Prepared statements with bound values, on the ORM's own connections: the hot paths' way to the database
 * (docs/decisions/0009-data-api-prepared-statements.md). MikroORM writes every value into the SQL text, so no statement
 * is ever reused and a NUL byte in a value can end a SQLite statement; here the SQL text is constant, each connection
 * keeps its statements prepared, and values never touch the text.
 *
 * A call made inside a transaction (`transaction()`, or any `em.transactional`) runs on that transaction's connection;
 * pass the transaction's `em` to be explicit. Outside one, a pooled connection is taken for the statement and given
 * back. Errors are MikroORM's own exceptions (`UniqueConstraintViolationException`, …), as from the ORM.
 *
 * @example
 * const rows = await ctx.data.all<{ id: number }>('select id from my_table where guild_id = ? limit ?', [guildId, 10]);
 * await ctx.data.transaction(async (em) => {
 *   await ctx.data.run('insert into my_table (guild_id, label) values (?, ?)', [guildId, label], em);
 *   await ctx.events.publishInTransaction(em, 'my.event', { guildId });
 * });
 * @since 0.4.0
 */
export interface DataApi {
  readonly dialect: Dialect;
  /** Every row of a select. */
  all<T extends object = SqlRow>(sql: string, params?: readonly SqlValue[], em?: EntityManager): Promise<T[]>;
  /** The first row of a select, or undefined. */
  get<T extends object = SqlRow>(sql: string, params?: readonly SqlValue[], em?: EntityManager): Promise<T | undefined>;
  /** A write (insert, update, delete). */
  run(sql: string, params?: readonly SqlValue[], em?: EntityManager): Promise<RunResult>;
  /**
   * Runs `fn` in one transaction on one connection and commits when it resolves (rolls back when it throws). The
   * `em` it gets is a MikroORM transaction: pass it to this API, to `ctx.events.publishInTransaction`, to
   * `ctx.jobs.enqueue` or use it for entities.
   */
  transaction<T>(fn: (em: EntityManager) => Promise<T>, options?: DataTransactionOptions): Promise<T>;
}

interface KnexTransactionClient {
  acquireConnection(): Promise<unknown>;
}

interface KnexTransaction {
  client: KnexTransactionClient;
  isCompleted?: () => boolean;
}

/** The raw mysql2 / mariadb (callback API) connection: both prepare and cache `execute` statements per connection. */
interface MysqlConnection {
  execute(sql: string, values: unknown[], callback: (err: Error | null, result: unknown) => void): void;
}

interface MysqlWriteResult {
  affectedRows?: number;
  insertId?: number | bigint;
}

/** Statements kept per SQLite connection; past this many (dynamic SQL somewhere), the cache starts over. */
const SQLITE_STATEMENT_CACHE = 1_000;

const statements = new WeakMap<SqliteDatabase, Map<string, Statement>>();

function prepared(db: SqliteDatabase, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= SQLITE_STATEMENT_CACHE) cache.clear();
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

const sqliteValue = (v: SqlValue): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v instanceof Date ? v.getTime() : v);
const mysqlValue = (v: SqlValue): unknown => (v instanceof Date ? v.getTime() : v);

// The binary protocol hands BIGINT back as bigint (mariadb) or, past 2^53, as a string (mysql2); ids and epoch-ms
// times are well inside 2^53, so callers get numbers as they do from SQLite.
function plainRow(row: SqlRow): SqlRow {
  for (const key of Object.keys(row)) {
    const v = row[key];
    if (typeof v === 'bigint') row[key] = Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  }
  return row;
}

/** The data API over the ORM's pool; one per process. */
export class DriverDataApi implements DataApi {
  readonly #orm: MikroORM;

  constructor(
    orm: MikroORM,
    readonly dialect: Dialect,
  ) {
    this.#orm = orm;
  }

  async all<T extends object = SqlRow>(sql: string, params: readonly SqlValue[] = [], em?: EntityManager): Promise<T[]> {
    return this.#on(em, sql, (conn) => {
      if (this.dialect === 'sqlite') return prepared(conn as SqliteDatabase, sql).all(...params.map(sqliteValue)) as T[];
      return this.#mysql(conn as MysqlConnection, sql, params).then((rows) => (rows as SqlRow[]).map(plainRow) as T[]);
    });
  }

  async get<T extends object = SqlRow>(sql: string, params: readonly SqlValue[] = [], em?: EntityManager): Promise<T | undefined> {
    if (this.dialect === 'sqlite') {
      return this.#on(em, sql, (conn) => prepared(conn as SqliteDatabase, sql).get(...params.map(sqliteValue)) as T | undefined);
    }
    return (await this.all<T>(sql, params, em))[0];
  }

  async run(sql: string, params: readonly SqlValue[] = [], em?: EntityManager): Promise<RunResult> {
    return this.#on(em, sql, async (conn) => {
      if (this.dialect === 'sqlite') {
        const res = prepared(conn as SqliteDatabase, sql).run(...params.map(sqliteValue));
        return { changes: res.changes, lastInsertId: res.changes > 0 ? Number(res.lastInsertRowid) : null };
      }
      const res = (await this.#mysql(conn as MysqlConnection, sql, params)) as MysqlWriteResult;
      const id = res.insertId === undefined || Number(res.insertId) === 0 ? null : Number(res.insertId);
      return { changes: res.affectedRows ?? 0, lastInsertId: id };
    });
  }

  async transaction<T>(fn: (em: EntityManager) => Promise<T>, options: DataTransactionOptions = {}): Promise<T> {
    const em = freshEm(this.#orm, 'ctx.data.transaction()') as EntityManager;
    const isolationLevel = options.isolation === 'read committed' && this.dialect === 'mysql' ? IsolationLevel.READ_COMMITTED : undefined;
    return em.transactional((tem) => fn(tem as EntityManager), isolationLevel ? { isolationLevel } : {});
  }

  /** Runs `work` on the transaction's connection, or on a pooled one taken for it. */
  async #on<T>(em: EntityManager | undefined, sql: string, work: (conn: unknown) => T | Promise<T>): Promise<T> {
    const trx = (em ?? openTransaction())?.getTransactionContext<KnexTransaction>();
    try {
      if (trx && !(trx.isCompleted?.() ?? false)) return await work(await trx.client.acquireConnection());
      const pool = poolClient(this.#orm) as KnexTransactionClient & { releaseConnection(conn: unknown): Promise<void> };
      const conn = await pool.acquireConnection();
      try {
        return await work(conn);
      } finally {
        await pool.releaseConnection(conn);
      }
    } catch (err) {
      throw this.#convert(err, sql);
    }
  }

  #mysql(conn: MysqlConnection, sql: string, params: readonly SqlValue[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      conn.execute(sql, params.map(mysqlValue), (err, result) => (err ? reject(err) : resolve(result)));
    });
  }

  #convert(err: unknown, sql: string): unknown {
    if (!(err instanceof Error) || (err as { code?: unknown }).code === 'DB_SECOND_CONNECTION_IN_TRANSACTION') return err;
    // The mariadb client appends the bound values to its message and `sql` ("- parameters:[…]"): they may be secrets
    // or members' text, so the error keeps the statement and the server's own reason only.
    const reason = (err as { sqlMessage?: unknown }).sqlMessage;
    const converted = this.#orm.em.getDriver().convertException(err) as Error & { sql?: unknown };
    const text = `${sql.slice(0, 200)} - ${typeof reason === 'string' ? reason : (err.message.split('\n')[0] ?? '')}`;
    converted.message = text;
    if (converted.sql !== undefined) converted.sql = sql;
    if (converted !== err) converted.stack = `${converted.name}: ${text}\n${(converted.stack ?? '').split('\n').filter((l) => l.trim().startsWith('at ')).join('\n')}`;
    return converted;
  }
}
