import test from 'ava';
import analytics from '../../../src/plugins/analytics/index.ts';
import betting from '../../../src/plugins/betting/index.ts';
import ml from '../../../src/plugins/ml/index.ts';
import { bootApp } from '../../helpers/app.ts';

test("the analytics and ML plugins' migrations give exactly the schema of their entities (no drift)", async (t) => {
  const app = await bootApp(t, [{ plugin: betting }, { plugin: analytics }, { plugin: ml }], { start: false });
  const executed = (await app.orm.getMigrator().getExecutedMigrations()).map((m) => m.name);
  t.true(executed.includes('Migration20261124040000_analytics'));
  t.true(executed.includes('Migration20261124050000_ml'));
  const diff = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  t.is(diff.trim(), '', `schema drift on ${app.dialect}:\n${diff}`);
});
