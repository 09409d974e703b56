import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type AnyEntity, type EntitySchema, type MigrationObject } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { MariaDbDriver } from '@mikro-orm/mariadb';
import { MySqlDriver } from '@mikro-orm/mysql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from 'pino';
import { parseDatabaseUrl, type Dialect } from './database-url.ts';

export interface OpenDatabaseOptions {
  url: string;
  entities: EntitySchema<AnyEntity>[] | EntitySchema[];
  migrations: MigrationObject[];
  logger?: Logger;
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
    const orm = await MikroORM.init({ ...common, driver: BetterSqliteDriver, dbName: target.dbName });
    // WAL lets readers proceed while the job worker writes; busy_timeout waits for a lock instead of failing.
    const conn = orm.em.getConnection();
    await conn.execute('pragma journal_mode = wal');
    await conn.execute('pragma busy_timeout = 5000');
    return { orm, dialect: 'sqlite' };
  }
  const mysqlOptions = {
    ...common,
    clientUrl: target.clientUrl,
    dbName: target.dbName,
    // Times we keep as Date are read and written in UTC whatever the server's zone.
    timezone: '+00:00',
    pool: { min: 0, max: 10 },
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
  return { orm, dialect: 'mysql' };
}

/** Applies every pending migration; returns the names applied. */
export async function migrate(db: Database): Promise<string[]> {
  const applied = await db.orm.getMigrator().up();
  return applied.map((m) => m.name);
}
