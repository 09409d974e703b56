import test from 'ava';
import betting from '../../../../src/plugins/betting/index.ts';
import { bootApp } from '../../../helpers/app.ts';
import stream from '../../../../src/plugins/stream/index.ts';

test("the stream plugin's migrations (competitions among them) give exactly the schema of its entities (no drift)", async (t) => {
  const app = await bootApp(t, [{ plugin: betting }, { plugin: stream }], { start: false });
  const executed = (await app.orm.getMigrator().getExecutedMigrations()).map((m) => m.name);
  t.true(executed.includes('Migration20261207210000_competitions'));
  const diff = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  t.is(diff.trim(), '', `schema drift on ${app.dialect}:\n${diff}`);
});
