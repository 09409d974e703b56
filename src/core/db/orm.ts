import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type AnyEntity, type EntitySchema, type MigrationObject } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { MariaDbDriver } from '@mikro-orm/mariadb';
import { MySqlDriver } from '@mikro-orm/mysql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from 'pino';
import { parseDatabaseUrl, type Dialect } from './database-url.ts';
import { guardPool } from './transaction-guard.ts';

/** Connections a MySQL/MariaDB pool may open when the caller does not say (`DATABASE_POOL_MAX`). */
export const DEFAULT_POOL_MAX = 10;

/**
 * How long a query waits for a pooled connection before it fails with "Timeout acquiring a connection". Knex's
 * 60 s kept a starved instance silent for a minute per query; 15 s still covers opening a new connection on a
 * busy machine (the MariaDB connect timeout below is 10 s) and a burst of queued queries, and a caller that waited
 * that long has given up anyway (Discord needs an answer in 3 s; jobs retry).
 */
export const ACQUIRE_TIMEOUT_MS = 15_000;

/** How long a SQLite write waits for a lock held by another process before failing as busy. */
export const SQLITE_BUSY_TIMEOUT_MS = 250;

export interface OpenDatabaseOptions {
  url: string;
  entities: EntitySchema<AnyEntity>[] | EntitySchema[];
  migrations: MigrationObject[];
  logger?: Logger;
  /** Most connections in the MySQL/MariaDB pool. @default DEFAULT_POOL_MAX (SQLite always uses one) */
  poolMax?: number;
}

export interface Database {
  orm: MikroORM;
  dialect: Dialect;
}

/** Opens the database named by `DATABASE_URL` with the given entities and migrations (not yet applied). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const target = parseDatabaseUrl(options.url);
  const log = options.logger;
  const common = {
    entities: options.entities as EntitySchema[],
    extensions: [Migrator],
    migrations: {
      migrationsList: options.migrations,
      tableName: 'mikro_orm_migrations',
      // MySQL commits DDL implicitly, so a migration transaction there would only pretend.
      transactional: target.dialect === 'sqlite',
      snapshot: false,
      silent: true,
    },
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true, warnWhenNoEntities: false },
    allowGlobalContext: false,
    ensureDatabase: false,
    debug: false,
    logger: (message: string) => log?.debug({ orm: message }),
  };
  if (target.dialect === 'sqlite') {
    if (target.dbName !== ':memory:') mkdirSync(dirname(target.dbName), { recursive: true });
    // One connection, knex's default for SQLite (one writer at a time): a second one would only wait for the lock.
    const orm = await MikroORM.init({ ...common, driver: BetterSqliteDriver, dbName: target.dbName, pool: { min: 1, max: 1, acquireTimeoutMillis: ACQUIRE_TIMEOUT_MS } });
    guardPool(orm);
    // WAL lets readers proceed while the job worker writes; busy_timeout waits for a lock instead of failing. The
    // wait is synchronous (better-sqlite3 blocks the thread), so it stays short: with another process holding the
    // write lock, a long wait froze every guild's commands and /readyz for its whole length on each write. Past it
    // a write fails as "busy", the member is told to try again, and jobs retry (docs/reliability.md).
    const conn = orm.em.getConnection();
    await conn.execute('pragma journal_mode = wal');
    await conn.execute(`pragma busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    return { orm, dialect: 'sqlite' };
  }
  const mysqlOptions = {
    ...common,
    clientUrl: target.clientUrl,
    dbName: target.dbName,
    // Times we keep as Date are read and written in UTC whatever the server's zone.
    timezone: '+00:00',
    pool: { min: 0, max: options.poolMax ?? DEFAULT_POOL_MAX, acquireTimeoutMillis: ACQUIRE_TIMEOUT_MS },
    // The mariadb client gives up on a new connection after 1 s; on a busy 2-core machine that failed while
    // nothing was wrong (seen in CI). mysql2's default of 10 s is the usual allowance.
    driverOptions: { connection: { connectTimeout: 10_000 } },
  };
  let orm = await MikroORM.init({ ...mysqlOptions, driver: MySqlDriver });
  // MariaDB stores JSON as longtext with a check constraint and quotes string defaults in information_schema; only
  // MikroORM's MariaDB platform reads that back correctly, so the schema shows no false drift.
  const [row] = (await orm.em.getConnection().execute('select version() as version')) as { version: string }[];
  if (/mariadb/i.test(row?.version ?? '')) {
    await orm.close();
    orm = (await MikroORM.init({ ...mysqlOptions, driver: MariaDbDriver })) as unknown as MikroORM<MySqlDriver>;
  }
  guardPool(orm);
  return { orm, dialect: 'mysql' };
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(db: Database): Promise<string[]> {
  const applied = await db.orm.getMigrator().up();
  return applied.map((m) => m.name);
}
