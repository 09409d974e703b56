import test from 'ava';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { coreEntities } from '../../../src/core/db/core-entities.ts';
import { DriverDataApi } from '../../../src/core/db/data-api.ts';
import { coreMigrations } from '../../../src/core/db/migrations/index.ts';
import { migrate, openDatabase, type Database } from '../../../src/core/db/orm.ts';
import { isSecondConnectionError } from '../../../src/core/db/transaction-guard.ts';
import { createTestDatabase } from '../../../src/testkit/database.ts';

let db: Database;
let data: DriverDataApi;
let drop: () => Promise<void>;
test.before(async () => {
  const target = await createTestDatabase();
  drop = target.drop;
  // A pool of one: a statement that took a second connection inside a transaction would be refused, not hang.
  db = await openDatabase({ url: target.url, entities: coreEntities as never, migrations: coreMigrations, poolMax: 1 });
  await migrate(db);
  data = new DriverDataApi(db.orm, db.dialect);
});
test.after.always(async () => {
  await db?.orm.close();
  await drop?.();
});

const insertJob = (key: string, text: string, em?: Parameters<DriverDataApi['run']>[2]) =>
  data.run(
    `insert into jobs (plugin, name, guild_id, payload, idempotency_key, status, attempts, max_attempts, run_at, last_error, created_at, updated_at)
     values (?, ?, ?, 'null', ?, 'pending', 0, 1, ?, ?, ?, ?)`,
    ['test', 'data-api', null, key, 0, text, 0, 0],
    em,
  );

test.serial('a value with a NUL byte and other control characters is stored and read back intact', async (t) => {
  const value = 'before\u0000after\u0001\u001f\'";-- end';
  const { changes, lastInsertId } = await insertJob('nul-1', value);
  t.is(changes, 1);
  t.true(typeof lastInsertId === 'number' && lastInsertId > 0);
  const row = await data.get<{ last_error: string; id: number }>('select id, last_error from jobs where idempotency_key = ?', ['nul-1']);
  t.is(row?.id, lastInsertId!);
  t.is(row?.last_error, value);
  t.is(row?.last_error.length, value.length);
  t.true(row!.last_error.includes('\u0000after'));
  // The same prepared statement looks the row up by the NUL-carrying value itself.
  const byValue = await data.all<{ id: number }>('select id from jobs where last_error = ?', [value]);
  t.deepEqual(byValue.map((r) => r.id), [lastInsertId!]);
});

test.serial('numbers come back as numbers on both databases, and missing rows as undefined', async (t) => {
  await insertJob('num-1', 'x');
  const row = await data.get<{ attempts: unknown; run_at: unknown; id: unknown }>('select id, attempts, run_at from jobs where idempotency_key = ?', ['num-1']);
  t.is(typeof row?.id, 'number');
  t.is(row?.attempts, 0);
  t.is(row?.run_at, 0);
  t.is(await data.get('select id from jobs where idempotency_key = ?', ['missing']), undefined);
});

test.serial('a transaction commits with its statements and rolls them all back when it throws', async (t) => {
  await data.transaction(async (em) => {
    await insertJob('tx-ok-1', 'x', em);
    // Without `em`, a statement inside the transaction joins it rather than asking the pool (of one) for another.
    await insertJob('tx-ok-2', 'x');
    t.is((await data.all('select id from jobs where idempotency_key like ?', ['tx-ok-%'])).length, 2);
  });
  t.is((await data.all('select id from jobs where idempotency_key like ?', ['tx-ok-%'])).length, 2);

  await t.throwsAsync(
    data.transaction(async (em) => {
      await insertJob('tx-bad-1', 'x', em);
      throw new Error('changed my mind');
    }),
    { message: 'changed my mind' },
  );
  t.is((await data.all('select id from jobs where idempotency_key = ?', ['tx-bad-1'])).length, 0);
});

test.serial('a duplicate key is MikroORM\'s UniqueConstraintViolationException, and the values are not in the message', async (t) => {
  await insertJob('dup-1', 'secret-value-1');
  const err = await t.throwsAsync(insertJob('dup-1', 'secret-value-2'));
  t.true(err instanceof UniqueConstraintViolationException, String(err));
  t.false(err!.message.includes('secret-value-2'));
});

test.serial('a transaction begun inside another is refused at once instead of waiting for the pool', async (t) => {
  const err = await t.throwsAsync(data.transaction(() => data.transaction(async () => 'never')));
  t.true(isSecondConnectionError(err), String(err));
});
