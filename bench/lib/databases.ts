import BetterSqlite3 from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { pino } from 'pino';
import { App } from '../../src/core/app.ts';
import { loadConfig } from '../../src/core/config/env.ts';
import { parseDatabaseUrl } from '../../src/core/db/database-url.ts';
import betting from '../../src/plugins/betting/index.ts';
import type { BettingContext } from '../../src/plugins/betting/services/context.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testkit/database.ts';
import { isMysqlUrl } from './options.ts';

export type DbKind = 'sqlite' | 'mysql';

/** Open-bet caps high enough that no benchmark is refused by them. */
export const BENCH_BETTING_OPTIONS = { openBetCaps: { free: 100_000, premium: 100_000, platinum: 100_000 } };

export const bettingEntry = () => ({ plugin: betting, options: BENCH_BETTING_OPTIONS });

/** A throwaway database: a temporary SQLite file, or a new database beside the one `baseUrl` names. */
export function freshDatabase(kind: DbKind, baseUrl: string | undefined): Promise<TestDatabase> {
  if (kind === 'mysql') {
    if (!isMysqlUrl(baseUrl)) throw new Error('a MySQL/MariaDB benchmark needs DATABASE_URL=mysql://…');
    return createTestDatabase(baseUrl);
  }
  // Anything that is not a mysql URL makes createTestDatabase pick a temporary SQLite file.
  return createTestDatabase('sqlite:');
}

export interface BenchApp {
  app: App;
  ctx: BettingContext;
  close(): Promise<void>;
}

/** Boots the core with the betting plugin on `url` (migrated), without Discord, HTTP or the job worker. */
export async function bootBettingApp(url: string): Promise<BenchApp> {
  const config = loadConfig({ DATABASE_URL: url, HTTP_PORT: '0', LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) });
  const app = await App.create({ config, plugins: [bettingEntry()], logger: pino({ level: 'silent' }), bot: false, jobs: { autoStart: false } });
  const ctx = app.contextOf('betting') as unknown as BettingContext;
  return { app, ctx, close: () => app.stop() };
}

type Row = readonly unknown[];

/** The database driver itself (better-sqlite3 or mysql2), without the ORM: for bulk setup and for baselines. */
export interface RawDb {
  kind: DbKind;
  driver: string;
  /** Runs a statement; returns the rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK on error). */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Multi-row inserts of `rows`, `batch` rows per statement, in one transaction. */
  insertMany(table: string, columns: readonly string[], rows: Iterable<Row>, batch?: number): Promise<number>;
  close(): Promise<void>;
}

const quote = (name: string): string => `\`${name}\``;

export async function openRaw(url: string): Promise<RawDb> {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite') {
    const db = new BetterSqlite3(target.dbName);
    db.pragma('journal_mode = wal');
    db.pragma('busy_timeout = 5000');
    const statements = new Map<string, BetterSqlite3.Statement>();
    const prepare = (sql: string): BetterSqlite3.Statement => {
      let s = statements.get(sql);
      if (!s) statements.set(sql, (s = db.prepare(sql)));
      return s;
    };
    const raw: RawDb = {
      kind: 'sqlite',
      driver: 'better-sqlite3',
      async run(sql, params = []) {
        return prepare(sql).run(...params).changes;
      },
      async all<T>(sql: string, params: unknown[] = []) {
        return prepare(sql).all(...params) as T[];
      },
      async transaction(fn) {
        db.exec('begin');
        try {
          const out = await fn();
          db.exec('commit');
          return out;
        } catch (err) {
          db.exec('rollback');
          throw err;
        }
      },
      async insertMany(table, columns, rows, batch = 500) {
        const one = `(${columns.map(() => '?').join(', ')})`;
        const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
        let total = 0;
        let chunk: unknown[] = [];
        let inChunk = 0;
        const flush = (): void => {
          if (!inChunk) return;
          prepare(head + Array.from({ length: inChunk }, () => one).join(', ')).run(...chunk);
          total += inChunk;
          chunk = [];
          inChunk = 0;
        };
        db.exec('begin');
        try {
          for (const row of rows) {
            chunk.push(...row);
            if (++inChunk === batch) flush();
          }
          flush();
          db.exec('commit');
        } catch (err) {
          db.exec('rollback');
          throw err;
        }
        return total;
      },
      async close() {
        db.close();
      },
    };
    return raw;
  }
  const conn = await mysql.createConnection({ uri: url.replace(/^mariadb:/, 'mysql:'), multipleStatements: false, supportBigNumbers: true });
  const raw: RawDb = {
    kind: 'mysql',
    driver: 'mysql2',
    async run(sql, params = []) {
      const [result] = await conn.query(sql, params);
      return (result as { affectedRows?: number }).affectedRows ?? 0;
    },
    async all<T>(sql: string, params: unknown[] = []) {
      const [rows] = await conn.query(sql, params);
      return rows as T[];
    },
    async transaction(fn) {
      await conn.beginTransaction();
      try {
        const out = await fn();
        await conn.commit();
        return out;
      } catch (err) {
        await conn.rollback();
        throw err;
      }
    },
    async insertMany(table, columns, rows, batch = 2000) {
      const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ?`;
      let total = 0;
      let chunk: Row[] = [];
      await conn.beginTransaction();
      try {
        for (const row of rows) {
          chunk.push(row);
          if (chunk.length === batch) {
            await conn.query(head, [chunk]);
            total += chunk.length;
            chunk = [];
          }
        }
        if (chunk.length) {
          await conn.query(head, [chunk]);
          total += chunk.length;
        }
        await conn.commit();
      } catch (err) {
        await conn.rollback();
        throw err;
      }
      return total;
    },
    async close() {
      await conn.end();
    },
  };
  return raw;
}
