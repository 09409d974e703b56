import test from 'ava';
import api from '../../../src/plugins/api/index.ts';
import { bootApp } from '../../helpers/app.ts';

test("the api plugin's migrations give exactly the schema of its entities (no drift)", async (t) => {
  const app = await bootApp(t, [{ plugin: api }], { start: false });
  const executed = (await app.orm.getMigrator().getExecutedMigrations()).map((m) => m.name);
  t.true(executed.includes('Migration20261207100000_api'));
  const diff = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  t.is(diff.trim(), '', `schema drift on ${app.dialect}:\n${diff}`);
});
