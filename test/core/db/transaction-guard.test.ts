import test from 'ava';
import type { EntityManager } from '@mikro-orm/knex';
import { coreEntities } from '../../../src/core/db/core-entities.ts';
import { GuildSettingsSchema } from '../../../src/core/db/entities/guild-settings.ts';
import { coreMigrations } from '../../../src/core/db/migrations/index.ts';
import { migrate, openDatabase, type Database } from '../../../src/core/db/orm.ts';
import { isSecondConnectionError } from '../../../src/core/db/transaction-guard.ts';
import { Metrics } from '../../../src/core/metrics/registry.ts';
import { GuildStateCache } from '../../../src/core/settings/guild-state.ts';
import { createTestDatabase } from '../../../src/testkit/database.ts';

// A pool of one connection: without the guard every case below waits for the pool until the acquire times out.
// A guard that is missing fails the case at this deadline, well before the acquire timeout and ava's.
const DEADLINE_MS = 5_000;

let db: Database;
let drop: () => Promise<void>;
test.before(async () => {
  const target = await createTestDatabase();
  drop = target.drop;
  db = await openDatabase({ url: target.url, entities: coreEntities as never, migrations: coreMigrations, poolMax: 1 });
  await migrate(db);
  const em = db.orm.em.fork();
  em.create(GuildSettingsSchema, { guildId: 'g1', tier: 'free', createdAt: new Date(), updatedAt: new Date() } as never);
  await em.flush();
});
test.after.always(async () => {
  await db?.orm.close();
  await drop?.();
});

const fresh = (): EntityManager => db.orm.em.fork() as EntityManager;

function withinDeadline<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still waited for a connection after ${DEADLINE_MS} ms: the pool is starved`)), DEADLINE_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

test.serial('a query on a fresh em inside a transaction is refused at once, naming the rule', async (t) => {
  const err = await t.throwsAsync(
    withinDeadline('the fork', fresh().transactional(async (tem) => {
      await tem.findOne(GuildSettingsSchema, { guildId: 'g1' });
      await fresh().findOne(GuildSettingsSchema, { guildId: 'g1' });
    })),
  );
  t.true(isSecondConnectionError(err), String(err));
  t.regex(err!.message, /open transaction/);
  t.regex(err!.message, /0008-no-second-connection-in-a-transaction/);
});

test.serial('a new top-level transaction begun inside a transaction is refused (MikroORM gives it a context of its own)', async (t) => {
  const err = await t.throwsAsync(
    withinDeadline('the inner transaction', fresh().transactional(async () => {
      await fresh().transactional(async (inner) => inner.findOne(GuildSettingsSchema, { guildId: 'g1' }));
    })),
  );
  t.true(isSecondConnectionError(err), String(err));
});

test.serial('the em a transaction was started from, used inside it, is refused too', async (t) => {
  const em = fresh();
  const err = await t.throwsAsync(withinDeadline('the outer em', em.transactional(async () => em.findOne(GuildSettingsSchema, { guildId: 'g1' }))));
  t.true(isSecondConnectionError(err), String(err));
});

test.serial('guild state (the gate, settings) is refused inside a transaction even when it is cached', async (t) => {
  const guilds = new GuildStateCache(db.orm, new Metrics());
  t.is((await guilds.get('g1')).tier, 'free');
  const err = await t.throwsAsync(withinDeadline('the gate', fresh().transactional(async () => guilds.get('g1'))));
  t.true(isSecondConnectionError(err), String(err));
  t.is((await guilds.get('g1')).tier, 'free', 'outside a transaction it answers');
});

test.serial('the transaction itself, its savepoints and raw statements on its connection all work with a pool of one', async (t) => {
  const tier = await withinDeadline('the transaction', fresh().transactional(async (tem) => {
    const conn = tem.getConnection();
    await conn.execute(`update guild_settings set tier = 'premium' where guild_id = ?`, ['g1'], 'run', tem.getTransactionContext());
    await tem.transactional(async (nested) => {
      const row = await nested.findOneOrFail(GuildSettingsSchema, { guildId: 'g1' });
      row.webhookLimit = 3;
    });
    return (await tem.findOneOrFail(GuildSettingsSchema, { guildId: 'g1' }, { refresh: true })).tier;
  }));
  t.is(tier, 'premium');
  const row = await fresh().findOneOrFail(GuildSettingsSchema, { guildId: 'g1' });
  t.is(row.webhookLimit, 3);
});

test.serial('work started inside a transaction that runs after it committed may use the pool', async (t) => {
  let later: Promise<unknown> | undefined;
  await fresh().transactional(async (tem) => {
    await tem.findOne(GuildSettingsSchema, { guildId: 'g1' });
    later = new Promise((resolve, reject) => setTimeout(() => fresh().findOne(GuildSettingsSchema, { guildId: 'g1' }).then(resolve, reject), 50));
  });
  const row = await withinDeadline('the later query', later!);
  t.truthy(row);
});

test.serial('without transactions, many concurrent queries share one connection by queueing', async (t) => {
  const rows = await withinDeadline('the queries', Promise.all(Array.from({ length: 20 }, () => fresh().findOne(GuildSettingsSchema, { guildId: 'g1' }))));
  t.is(rows.length, 20);
});
