import test from 'ava';
import betting from '../../../src/plugins/betting/index.ts';
import notifications from '../../../src/plugins/notifications/index.ts';
import { bootApp } from '../../helpers/app.ts';

test("the notifications plugin's migrations give exactly the schema of its entities (no drift)", async (t) => {
  const app = await bootApp(t, [{ plugin: betting }, { plugin: notifications }], { start: false });
  const executed = (await app.orm.getMigrator().getExecutedMigrations()).map((m) => m.name);
  t.true(executed.includes('Migration20261207200000_notifications'));
  const diff = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  t.is(diff.trim(), '', `schema drift on ${app.dialect}:\n${diff}`);
});
