import { MikroORM } from '@mikro-orm/core';
import { MySqlDriver } from '@mikro-orm/mysql';
import Database from 'better-sqlite3';
import { parseDatabaseUrl } from '../../../src/core/db/database-url.ts';
import { createTestDatabase } from '../../../src/testkit/database.ts';
import type { TcpProxy } from '../../helpers/faults/tcp-proxy.ts';

export type DatabaseKind = 'sqlite' | 'mariadb';

/** Which database this run is on: MariaDB when `DATABASE_URL` is a mysql/mariadb URL (CI's second run), else SQLite. */
export const runDatabase = (env: NodeJS.ProcessEnv = process.env): DatabaseKind => (/^(mysql|mariadb):/.test(env.DATABASE_URL ?? '') ? 'mariadb' : 'sqlite');

/** The host and port of a mysql URL, for a proxy in front of it. */
export function mysqlAddress(url: string): { host: string; port: number } {
  const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
  return { host: parsed.hostname || '127.0.0.1', port: parsed.port ? Number(parsed.port) : 3306 };
}

/** The same mysql URL with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
  parsed.hostname = '127.0.0.1';
  parsed.port = String(proxy.port);
  return parsed.toString();
}

/** A fresh database of the run's kind, nobody else's, and a direct way for the test to read it. */
export interface FreshDatabase {
  kind: DatabaseKind;
  /** The database's URL, straight to the server (the test's own reads; never cut). */
  url: string;
  /** The SQLite file (SQLite only). */
  file?: string;
  /** Runs one statement straight on the database and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Closes the test's connection and drops the database (or deletes the file). */
  drop(): Promise<void>;
}

/**
 * A fresh database for one product run (src/testkit/database.ts): a new MariaDB database beside `DATABASE_URL`'s
 * when that is mysql, else a temporary SQLite file. Only this database is ever created or dropped.
 */
export async function freshDatabase(): Promise<FreshDatabase> {
  const kind = runDatabase();
  const db = await createTestDatabase(kind === 'mariadb' ? process.env.DATABASE_URL : undefined);
  const target = parseDatabaseUrl(db.url);
  if (target.dialect === 'sqlite') {
    let conn: Database.Database | undefined;
    return {
      kind,
      url: db.url,
      file: target.dbName,
      async query<Row>(sql: string, params: unknown[] = []) {
        // Opened on first use: the product creates the file and its tables.
        conn ??= new Database(target.dbName, { timeout: 15_000 });
        const stmt = conn.prepare(sql);
        return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as Row[];
      },
      async drop() {
        conn?.close();
        await db.drop();
      },
    };
  }
  let orm: MikroORM | undefined;
  return {
    kind,
    url: db.url,
    async query<Row>(sql: string, params: unknown[] = []) {
      orm ??= await MikroORM.init({ driver: MySqlDriver, clientUrl: target.clientUrl, dbName: target.dbName, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: true });
      return (await orm.em.getConnection().execute(sql, params, 'all')) as Row[];
    },
    async drop() {
      await orm?.close();
      await db.drop();
    },
  };
}
