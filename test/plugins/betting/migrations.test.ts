import test from 'ava';
import betting from '../../../src/plugins/betting/index.ts';
import { bootApp } from '../../helpers/app.ts';

test("the betting plugin's migrations give exactly the schema of its entities (no drift)", async (t) => {
  const app = await bootApp(t, [{ plugin: betting }], { start: false });
  const executed = (await app.orm.getMigrator().getExecutedMigrations()).map((m) => m.name);
  t.deepEqual(executed, ['Migration20261124000000_core', 'Migration20261124010000_betting', 'Migration20261124020000_unit_records_cover', 'Migration20261204010000_bet_verified', 'Migration20261204020000_announcements', 'Migration20261207080000_bet_source_index', 'Migration20261207110000_bet_list_index']);
  const diff = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  t.is(diff.trim(), '', `schema drift on ${app.dialect}:\n${diff}`);
});
