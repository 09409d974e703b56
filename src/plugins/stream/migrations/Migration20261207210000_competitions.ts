import { dialectMigration } from 'dbsbm';

/** Competitions of the stream plugin: one row per contest, its final standings frozen in it when it ends. */
export const createCompetitionTables = dialectMigration(
  'Migration20261207210000_competitions',
  {
    sqlite: [
      'create table `stream_competitions` (`id` integer not null primary key autoincrement, `guild_id` text not null, `name` text not null, `channel_id` text not null, `metric` text not null, `starts_at` bigint not null, `ends_at` bigint not null, `time_zone` text not null, `status` text not null, `created_by` text not null, `created_at` bigint not null, `cancelled_by` text null, `closed_at` bigint null, `final_standings` text null, `message_id` text null)',
      'create index `stream_competitions_guild_status_index` on `stream_competitions` (`guild_id`, `status`)',
      'create index `stream_competitions_status_ends_index` on `stream_competitions` (`status`, `ends_at`)',
    ],
    mysql: [
      'create table `stream_competitions` (`id` int unsigned not null auto_increment primary key, `guild_id` varchar(32) not null, `name` varchar(100) not null, `channel_id` varchar(32) not null, `metric` varchar(16) not null, `starts_at` bigint not null, `ends_at` bigint not null, `time_zone` varchar(64) not null, `status` varchar(16) not null, `created_by` varchar(32) not null, `created_at` bigint not null, `cancelled_by` varchar(32) null, `closed_at` bigint null, `final_standings` text null, `message_id` varchar(32) null) default character set utf8mb4 engine = InnoDB',
      'alter table `stream_competitions` add index `stream_competitions_guild_status_index`(`guild_id`, `status`)',
      'alter table `stream_competitions` add index `stream_competitions_status_ends_index`(`status`, `ends_at`)',
    ],
  },
  {
    sqlite: ['drop table if exists `stream_competitions`'],
    mysql: ['drop table if exists `stream_competitions`'],
  },
);
