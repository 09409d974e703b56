import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { MySqlDriver } from '@mikro-orm/mysql';
import { parseDatabaseUrl } from '../core/db/database-url.ts';

export interface TestDatabase {
  /** A `DATABASE_URL` for a database nobody else uses. */
  url: string;
  /** Drops the database (MySQL) or deletes the file (SQLite). */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test: on MySQL/MariaDB (when `base` is a mysql URL) a new database beside the
 * configured one, so parallel test files never share tables; otherwise a temporary SQLite file.
 */
export async function createTestDatabase(base = process.env.DATABASE_URL): Promise<TestDatabase> {
  if (base && /^(mysql|mariadb):/.test(base)) {
    const target = parseDatabaseUrl(base);
    const name = `${target.dbName}_t${randomBytes(5).toString('hex')}`;
    const admin = await MikroORM.init({ driver: MySqlDriver, clientUrl: target.clientUrl, dbName: target.dbName, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: true });
    await admin.em.getConnection().execute(`create database \`${name}\` character set utf8mb4`);
    await admin.close();
    const url = `${target.clientUrl}/${name}`;
    return {
      url,
      async drop() {
        const orm = await MikroORM.init({ driver: MySqlDriver, clientUrl: target.clientUrl, dbName: target.dbName, entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: true });
        await orm.em.getConnection().execute(`drop database if exists \`${name}\``);
        await orm.close();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'dbsbm-test-'));
  return {
    url: `sqlite:${join(dir, 'test.sqlite')}`,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
