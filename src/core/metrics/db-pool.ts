import type { MikroORM } from '@mikro-orm/core';
import { Gauge, type Registry } from 'prom-client';
import { poolClient } from '../db/transaction-guard.ts';

/** What knex's pool (tarn) tells about itself. */
interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

const isTarnPool = (pool: unknown): pool is TarnPool =>
  typeof pool === 'object' && pool !== null && typeof (pool as TarnPool).numUsed === 'function' && typeof (pool as TarnPool).numPendingAcquires === 'function';

/**
 * The database connection pool, read when scraped: connections in use, idle, and queries waiting for one
 * (`pending` above zero for long is the starvation of issue 13), and the pool's size. SQLite has a pool of one
 * connection, reported the same way.
 */
export function registerDbPoolMetrics(registry: Registry, orm: MikroORM): void {
  const pool = (): TarnPool | undefined => {
    try {
      const candidate = poolClient(orm).pool;
      return isTarnPool(candidate) ? candidate : undefined;
    } catch {
      // Closed (shutting down): nothing to report.
      return undefined;
    }
  };
  new Gauge({
    name: 'dbsbm_db_pool_connections',
    help: 'Database pool connections by state: used (checked out), free (idle), pending (queries waiting for one), creating',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const p = pool();
      if (!p) return;
      this.set({ state: 'used' }, p.numUsed());
      this.set({ state: 'free' }, p.numFree());
      this.set({ state: 'pending' }, p.numPendingAcquires());
      this.set({ state: 'creating' }, p.numPendingCreates());
    },
  });
  new Gauge({
    name: 'dbsbm_db_pool_max',
    help: 'Most connections the database pool may open (DATABASE_POOL_MAX; 1 on SQLite)',
    registers: [registry],
    collect() {
      const p = pool();
      if (p) this.set(p.max);
    },
  });
}
