import { dialectMigration } from 'dbsbm';

const COLUMNS = '`guild_id`, `day`, `user_id`, `sport`, `league`, `bet_type`, `bets`, `wins`, `losses`, `pushes`, `voids`, `risked`, `net`, `clv_sum`, `clv_n`';

/** Replaces the member-day (guild, day, user) index with a covering one: server-wide questions read only the index. */
export const coverUserDays = dialectMigration(
  'Migration20261125010000_user_days_cover',
  {
    sqlite: [
      'drop index if exists `analytics_user_days_guild_day_index`',
      `create index \`analytics_user_days_guild_day_cover_index\` on \`analytics_user_days\` (${COLUMNS})`,
    ],
    mysql: [
      'alter table `analytics_user_days` drop index `analytics_user_days_guild_day_index`',
      `alter table \`analytics_user_days\` add index \`analytics_user_days_guild_day_cover_index\`(${COLUMNS})`,
    ],
  },
  {
    sqlite: [
      'drop index if exists `analytics_user_days_guild_day_cover_index`',
      'create index `analytics_user_days_guild_day_index` on `analytics_user_days` (`guild_id`, `day`, `user_id`, `bets`)',
    ],
    mysql: [
      'alter table `analytics_user_days` drop index `analytics_user_days_guild_day_cover_index`',
      'alter table `analytics_user_days` add index `analytics_user_days_guild_day_index`(`guild_id`, `day`, `user_id`, `bets`)',
    ],
  },
);
