/** The two SQL dialects DBSBM runs on. MariaDB speaks the MySQL dialect. */
export type Dialect = 'sqlite' | 'mysql';

export interface DatabaseTarget {
  dialect: Dialect;
  /** File path (or `:memory:`) for SQLite, database name for MySQL. */
  dbName: string;
  /** Connection URL for MySQL, without the database name. */
  clientUrl?: string;
}

/** Splits a validated `DATABASE_URL` into what the driver needs. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return { dialect: 'sqlite', dbName: path === ':memory:' ? ':memory:' : path };
  }
  const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
  const dbName = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  parsed.pathname = '';
  return { dialect: 'mysql', dbName, clientUrl: parsed.toString().replace(/\/$/, '') };
}
