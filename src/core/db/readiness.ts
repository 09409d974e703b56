import Database from 'better-sqlite3';
import type { MikroORM } from '@mikro-orm/core';
import { parseDatabaseUrl } from './database-url.ts';

/** A readiness probe of the database: true when it would take a write now. */
export interface DatabaseProbe {
  check(): Promise<boolean>;
  close(): void;
}

/**
 * On MySQL/MariaDB a round trip through the pool (`select 1`) tells whether the server answers. On SQLite that
 * always succeeds, even while another process holds the write lock and every write fails, so the probe opens its
 * own connection and asks for the write lock (`BEGIN IMMEDIATE`, rolled back at once) without waiting on it
 * (better-sqlite3 waits synchronously, which would stall every guild): it asks up to four times, 50 ms apart. The
 * app's own write transactions last milliseconds; a lock still held after that means writes are failing.
 */
export function databaseProbe(orm: MikroORM, url: string): DatabaseProbe {
  const target = parseDatabaseUrl(url);
  if (target.dialect !== 'sqlite' || target.dbName === ':memory:') {
    return { check: () => orm.isConnected(), close: () => undefined };
  }
  let db: Database.Database | undefined;
  return {
    async check() {
      for (let attempt = 0; attempt < 4; attempt++) {
        try {
          db ??= new Database(target.dbName, { fileMustExist: true, timeout: 0 });
          db.exec('begin immediate');
          db.exec('rollback');
          return true;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      return false;
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}
