import type { MigrationObject } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { Dialect } from './database-url.ts';

/** SQL statements of one migration, written once per dialect. */
export type DialectSql = Record<Dialect, string[]>;

/**
 * Builds a migration that runs the statements written for the database it runs on.
 * Migrations are plain SQL per dialect (generated from the entities, then reviewed), because the schema generator
 * compares column types exactly and a portable builder would drift from what it expects.
 * @example
 * export default dialectMigration('Migration20261124_hello', { sqlite: ['create table …'], mysql: ['create table …'] });
 */
export function dialectMigration(name: string, up: DialectSql, down?: DialectSql): MigrationObject {
  class DialectMigration extends Migration {
    private dialect(): Dialect {
      return this.driver.getPlatform().constructor.name.toLowerCase().includes('sqlite') ? 'sqlite' : 'mysql';
    }

    override up(): void {
      for (const sql of up[this.dialect()]) this.addSql(sql);
    }

    override down(): void {
      for (const sql of down?.[this.dialect()] ?? []) this.addSql(sql);
    }
  }
  Object.defineProperty(DialectMigration, 'name', { value: name });
  return { name, class: DialectMigration };
}
