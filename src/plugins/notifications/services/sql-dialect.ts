import type { Dialect } from 'dbsbm';

/** `insert … ` that does nothing when a unique key already exists, in the dialect's words. */
export function insertIgnore(dialect: Dialect, table: string, columns: readonly string[]): string {
  const marks = columns.map(() => '?').join(', ');
  return dialect === 'sqlite'
    ? `insert into ${table} (${columns.join(', ')}) values (${marks}) on conflict do nothing`
    : `insert ignore into ${table} (${columns.join(', ')}) values (${marks})`;
}

/** ` for update` where the database has row locks (SQLite's writer lock already serialises). */
export const forUpdate = (dialect: Dialect): string => (dialect === 'sqlite' ? '' : ' for update');
