import { dialectMigration } from 'dbsbm';

/** Replaces the unit records' (guild, user, time) index with a covering one for stats and leaderboards. */
export const coverUnitRecords = dialectMigration(
  'Migration20261124020000_unit_records_cover',
  {
    sqlite: [
      'drop index if exists `betting_unit_records_guild_user_index`',
      'create index `betting_unit_records_guild_user_cover_index` on `betting_unit_records` (`guild_id`, `user_id`, `settled_at`, `result`, `units`, `net`)',
    ],
    mysql: [
      'alter table `betting_unit_records` drop index `betting_unit_records_guild_user_index`',
      'alter table `betting_unit_records` add index `betting_unit_records_guild_user_cover_index`(`guild_id`, `user_id`, `settled_at`, `result`, `units`, `net`)',
    ],
  },
  {
    sqlite: [
      'drop index if exists `betting_unit_records_guild_user_cover_index`',
      'create index `betting_unit_records_guild_user_index` on `betting_unit_records` (`guild_id`, `user_id`, `settled_at`)',
    ],
    mysql: [
      'alter table `betting_unit_records` drop index `betting_unit_records_guild_user_cover_index`',
      'alter table `betting_unit_records` add index `betting_unit_records_guild_user_index`(`guild_id`, `user_id`, `settled_at`)',
    ],
  },
);
