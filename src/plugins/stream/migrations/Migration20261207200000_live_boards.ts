import { dialectMigration } from 'dbsbm';

/** The stream plugin's Discord boards: what each server keeps current, and the message of each game's scoreboard. */
export const createLiveBoards = dialectMigration(
  'Migration20261207200000_live_boards',
  {
    sqlite: [
      'create table `stream_live_feeds` (`guild_id` text not null, `kind` text not null, `channel_id` text not null, `message_id` text null, `metric` text null, `period` text null, `updated_at` bigint not null, primary key (`guild_id`, `kind`))',
      'create table `stream_live_boards` (`channel_id` text not null, `game_id` integer not null, `guild_id` text not null, `kind` text not null, `message_id` text null, `claimed_at` bigint not null, `finished_at` bigint null, primary key (`channel_id`, `game_id`))',
      'create index `stream_live_boards_game_index` on `stream_live_boards` (`game_id`)',
    ],
    mysql: [
      'create table `stream_live_feeds` (`guild_id` varchar(32) not null, `kind` varchar(16) not null, `channel_id` varchar(32) not null, `message_id` varchar(32) null, `metric` varchar(16) null, `period` varchar(16) null, `updated_at` bigint not null, primary key (`guild_id`, `kind`)) default character set utf8mb4 engine = InnoDB',
      'create table `stream_live_boards` (`channel_id` varchar(32) not null, `game_id` int unsigned not null, `guild_id` varchar(32) not null, `kind` varchar(16) not null, `message_id` varchar(32) null, `claimed_at` bigint not null, `finished_at` bigint null, primary key (`channel_id`, `game_id`)) default character set utf8mb4 engine = InnoDB',
      'alter table `stream_live_boards` add index `stream_live_boards_game_index`(`game_id`)',
    ],
  },
  {
    sqlite: ['drop table if exists `stream_live_boards`', 'drop table if exists `stream_live_feeds`'],
    mysql: ['drop table if exists `stream_live_boards`', 'drop table if exists `stream_live_feeds`'],
  },
);
