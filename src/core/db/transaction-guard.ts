import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionContext, type EntityManager, type MikroORM } from '@mikro-orm/core';

/**
 * No second connection inside a transaction (docs/decisions/0008-no-second-connection-in-a-transaction.md).
 *
 * A transaction holds one pooled connection until it commits. Code inside it that checks out another one (a fresh
 * `em`, the gate or settings reading guild state, a service of another plugin) waits for the pool; with N such
 * transactions at once and a pool of N, every one of them waits for another, and the pool is starved until the
 * acquire times out. That happened in production to the `game.final` and `odds.moved` subscribers. Here such a
 * checkout fails at once, naming what asked, instead of waiting.
 */
export class SecondConnectionError extends Error {
  readonly code = 'DB_SECOND_CONNECTION_IN_TRANSACTION';
  constructor(what: string) {
    super(
      `${what} needs a database connection of its own while this code holds an open transaction; with a busy pool that ` +
        'waits forever (every connection is held by a transaction waiting for another). Do it before or after the ' +
        'transaction, or use the transaction\'s em (see docs/decisions/0008-no-second-connection-in-a-transaction.md).',
    );
    this.name = 'SecondConnectionError';
  }
}

/** Whether an error is a refused second connection, also after MikroORM wrapped it in a DriverException. */
export const isSecondConnectionError = (err: unknown): boolean =>
  err instanceof SecondConnectionError || (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'DB_SECOND_CONNECTION_IN_TRANSACTION');

/** A transaction context as MikroORM keeps it: the knex transaction, done once committed or rolled back. */
interface KnexTransaction {
  isCompleted?: () => boolean;
}

const isOpen = (em: EntityManager | undefined): em is EntityManager => {
  const trx = em?.getTransactionContext<KnexTransaction>();
  return trx !== undefined && trx !== null && !(trx.isCompleted?.() ?? false);
};

// MikroORM runs a transaction's callback in its own async context (TransactionContext), which replaces the one of
// an enclosing transaction: a new top-level transaction begun inside another would look like the only one. This
// remembers, for the new context, the open transaction it was started in.
const enclosing = new AsyncLocalStorage<EntityManager>();
let scopesTracked = false;

function trackEnclosingTransactions(): void {
  if (scopesTracked) return;
  scopesTracked = true;
  const create = TransactionContext.create.bind(TransactionContext);
  TransactionContext.create = <T>(em: EntityManager, next: (...args: unknown[]) => T): T => {
    const open = openTransaction();
    return create(em, open ? () => enclosing.run(open, next) : next);
  };
}

/** The entity manager of the transaction this async code runs inside, while it is open; else undefined. */
export function openTransaction(): EntityManager | undefined {
  const current = TransactionContext.currentTransactionContext()?.em;
  if (isOpen(current)) return current;
  const outer = enclosing.getStore();
  return isOpen(outer) ? outer : undefined;
}

/**
 * Throws {@link SecondConnectionError} when called inside an open transaction. Services that read the database
 * through their own connection (guild state, the gate, settings, preferences, `ctx.em()`) call it on entry, so a
 * call from inside a transaction fails every time, even when a cache would have answered this once.
 */
export function assertOutsideTransaction(what: string): void {
  if (openTransaction()) throw new SecondConnectionError(what);
}

/** A fresh entity manager with its own connection; refused inside an open transaction. */
export function freshEm(orm: MikroORM, what: string): EntityManager {
  assertOutsideTransaction(what);
  return orm.em.fork();
}

interface PoolClient {
  acquireConnection(): Promise<unknown>;
}

/**
 * Makes the ORM's connection pool refuse a checkout from code running inside an open transaction, whatever asked
 * for it (a fork, a raw query, a flush or a transaction of an entity manager that is not the transaction's). The
 * transaction's own queries never come here: knex gives them the connection the transaction holds.
 */
export function guardPool(orm: MikroORM): void {
  trackEnclosingTransactions();
  const client = poolClient(orm);
  const acquire = client.acquireConnection;
  client.acquireConnection = function acquireOutsideTransaction(this: PoolClient) {
    if (openTransaction()) return Promise.reject(new SecondConnectionError('A query on a new pooled connection'));
    return acquire.call(this);
  };
}

/** The knex client that owns the pool (transactions get their own client bound to one connection). */
export function poolClient(orm: MikroORM): PoolClient & { pool?: unknown } {
  const connection = orm.em.getConnection() as unknown as { getKnex(): { client: PoolClient & { pool?: unknown } } };
  return connection.getKnex().client;
}
