import test from 'ava';
import betting from '../../../../src/plugins/betting/index.ts';
import { bootApp } from '../../../helpers/app.ts';
import { streamForTests } from './harness.ts';

test('the live boards migration gives exactly the schema of its entities (no drift)', async (t) => {
  const app = await bootApp(t, [{ plugin: betting }, { plugin: streamForTests }], { start: false });
  const executed = (await app.orm.getMigrator().getExecutedMigrations()).map((m) => m.name);
  t.true(executed.includes('Migration20261207200000_live_boards'));
  const diff = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  t.is(diff.trim(), '', `schema drift on ${app.dialect}:\n${diff}`);
});
