import { dialectMigration } from 'dbsbm';

/** Where bet slips and game results were posted, so settlement edits slips and never posts a result twice. */
export const createAnnouncementTables = dialectMigration(
  'Migration20261204020000_announcements',
  {
    sqlite: [
      'create table `betting_slip_messages` (`bet_id` integer not null, `message_id` text not null, `channel_id` text not null, `guild_id` text not null, `posted_at` bigint not null, primary key (`bet_id`, `message_id`))',
      'create table `betting_result_posts` (`guild_id` text not null, `game_id` integer not null, `channel_id` text not null, `message_id` text not null, `posted_at` bigint not null, primary key (`guild_id`, `game_id`))',
    ],
    mysql: [
      'create table `betting_slip_messages` (`bet_id` int unsigned not null, `message_id` varchar(32) not null, `channel_id` varchar(32) not null, `guild_id` varchar(32) not null, `posted_at` bigint not null, primary key (`bet_id`, `message_id`)) default character set utf8mb4 engine = InnoDB',
      'create table `betting_result_posts` (`guild_id` varchar(32) not null, `game_id` int unsigned not null, `channel_id` varchar(32) not null, `message_id` varchar(32) not null, `posted_at` bigint not null, primary key (`guild_id`, `game_id`)) default character set utf8mb4 engine = InnoDB',
    ],
  },
  {
    sqlite: ['drop table if exists `betting_slip_messages`', 'drop table if exists `betting_result_posts`'],
    mysql: ['drop table if exists `betting_slip_messages`', 'drop table if exists `betting_result_posts`'],
  },
);
