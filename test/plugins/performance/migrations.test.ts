import test from 'ava';
import performance from '../../../src/plugins/performance/index.ts';
import { bootApp } from '../../helpers/app.ts';

test("the performance plugin's migrations give exactly the schema of its entities (no drift)", async (t) => {
  const app = await bootApp(t, [{ plugin: performance, options: { sampler: false } }], { start: false });
  const executed = (await app.orm.getMigrator().getExecutedMigrations()).map((m) => m.name);
  t.true(executed.includes('Migration20261207000000_performance'));
  const diff = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  t.is(diff.trim(), '', `schema drift on ${app.dialect}:\n${diff}`);
});
