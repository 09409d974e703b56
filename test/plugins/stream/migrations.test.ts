import test from 'ava';
import betting from '../../../src/plugins/betting/index.ts';
import { bootApp } from '../../helpers/app.ts';
import api from '../../../src/plugins/api/index.ts';
import stream from '../../../src/plugins/stream/index.ts';

test("the stream plugin's migrations (live boards and competitions) give exactly the schema of its entities (no drift)", async (t) => {
  const app = await bootApp(t, [{ plugin: betting }, { plugin: api }, { plugin: stream }], { start: false });
  const executed = (await app.orm.getMigrator().getExecutedMigrations()).map((m) => m.name);
  t.true(executed.includes('Migration20261207210000_competitions'));
  t.true(executed.includes('Migration20261207200000_live_boards'));
  const diff = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  t.is(diff.trim(), '', `schema drift on ${app.dialect}:\n${diff}`);
});
