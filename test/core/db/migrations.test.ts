import test from 'ava';
import { z } from 'zod';
import { EntitySchema } from '@mikro-orm/core';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { dialectMigration } from '../../../src/core/db/dialect-migration.ts';
import { bootApp } from '../../helpers/app.ts';

interface Note {
  id: number;
  guildId: string;
  text: string;
}
const NoteSchema = new EntitySchema<Note>({
  name: 'HelloNote',
  tableName: 'hello_notes',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    text: { type: 'string', length: 200 },
  },
});

const notes = definePlugin({
  name: 'notes',
  version: '1.0.0',
  settings: z.object({ max: z.number().default(3) }),
  entities: [NoteSchema],
  migrations: [
    dialectMigration('Migration20261124000100_notes', {
      sqlite: ['create table `hello_notes` (`id` integer not null primary key autoincrement, `guild_id` text not null, `text` text not null)'],
      mysql: [
        'create table `hello_notes` (`id` int unsigned not null auto_increment primary key, `guild_id` varchar(32) not null, `text` varchar(200) not null) default character set utf8mb4 engine = InnoDB',
      ],
    }),
  ],
});

test('migrations of the core and of plugins run, and the schema matches the entities exactly (no drift)', async (t) => {
  const app = await bootApp(t, [{ plugin: notes }], { start: false });
  const migrator = app.orm.getMigrator();
  const executed = (await migrator.getExecutedMigrations()).map((m) => m.name);
  t.deepEqual(executed, ['Migration20261124000000_core', 'Migration20261124000100_notes']);
  t.deepEqual(await migrator.getPendingMigrations(), []);
  const diff = await app.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  t.is(diff.trim(), '', `schema drift on ${app.dialect}:\n${diff}`);
});

test('the seed columns exist with their names and defaults', async (t) => {
  const app = await bootApp(t, [], { start: false });
  const conn = app.orm.em.fork().getConnection();
  await conn.execute("insert into guild_settings (guild_id, created_at, updated_at) values ('111111', '2026-01-01 00:00:00', '2026-01-01 00:00:00')");
  const [row] = (await conn.execute("select * from guild_settings where guild_id = '111111'")) as Record<string, unknown>[];
  t.like(
    { ...row, analytics_enabled: Number(row!.analytics_enabled), ml_features_enabled: Number(row!.ml_features_enabled), real_time_features: Number(row!.real_time_features) },
    { tier: 'free', analytics_enabled: 0, ml_features_enabled: 0, webhook_limit: 0, api_rate_limit: 100, real_time_features: 0 },
  );
  await conn.execute("insert into user_settings (user_id, created_at, updated_at) values ('222222', '2026-01-01 00:00:00', '2026-01-01 00:00:00')");
  const [user] = (await conn.execute("select * from user_settings where user_id = '222222'")) as Record<string, unknown>[];
  t.is(Number(user!.analytics_consent), 0);
  t.is(Number(user!.ml_recommendations_enabled), 0);
  t.is(Number(user!.webhook_notifications), 0);
  t.is(user!.notification_preferences, null);
});

test('migrating twice applies nothing the second time', async (t) => {
  const app = await bootApp(t, [{ plugin: notes }], { start: false });
  t.deepEqual(await app.orm.getMigrator().up(), []);
});
