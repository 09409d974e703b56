import { dialectMigration } from 'dbsbm';

/** The notifications plugin's tables (generated from its entities, then reviewed). */
export const createNotificationTables = dialectMigration(
  'Migration20261207200000_notifications',
  {
    sqlite: [
      'create table `notifications` (`id` integer not null primary key autoincrement, `guild_id` text not null, `user_id` text null, `type` text not null, `dedupe_key` text not null, `title` text not null, `body` text not null, `url` text null, `fields` json null, `critical` integer not null default false, `source` text not null, `channels` json not null, `data` json null, `created_at` bigint not null, `send_at` bigint not null)',
      'create unique index `notifications_dedupe_key_unique` on `notifications` (`dedupe_key`)',
      'create index `notifications_guild_id_created_at_index` on `notifications` (`guild_id`, `created_at`)',
      'create table `notification_contacts` (`user_id` text not null, `kind` text not null, `address` text not null, `verified_at` bigint null, `code_hash` text null, `code_expires_at` bigint null, `updated_at` bigint not null, primary key (`user_id`, `kind`))',
      'create table `notification_deliveries` (`id` integer not null primary key autoincrement, `notification_id` integer not null, `guild_id` text not null, `type` text not null, `channel` text not null, `status` text not null, `provider_id` text null, `error` text null, `attempts` integer not null default 0, `created_at` bigint not null, `updated_at` bigint not null)',
      'create unique index `notification_deliveries_notification_id_channel_unique` on `notification_deliveries` (`notification_id`, `channel`)',
      'create table `notification_digests` (`id` integer not null primary key autoincrement, `guild_id` text not null, `user_id` text not null, `digest_key` text not null, `open_key` text null, `items` json not null, `window_end` bigint not null, `created_at` bigint not null)',
      'create unique index `notification_digests_open_key_unique` on `notification_digests` (`open_key`)',
      'create table `notification_events` (`id` integer not null primary key autoincrement, `guild_id` text not null, `notification_id` integer not null, `type` text not null, `channel` text not null, `kind` text not null, `at` bigint not null)',
      'create index `notification_events_guild_id_at_index` on `notification_events` (`guild_id`, `at`)',
      'create table `notification_keys` (`name` text not null, `value` text not null, `created_at` bigint not null, primary key (`name`))',
      'create table `notification_members` (`guild_id` text not null, `user_id` text not null, `joined_at` bigint not null, primary key (`guild_id`, `user_id`))',
      'create table `notification_push_subscriptions` (`id` integer not null primary key autoincrement, `user_id` text not null, `endpoint` text not null, `endpoint_hash` text not null, `p256dh` text not null, `auth` text not null, `created_at` bigint not null)',
      'create index `notification_push_subscriptions_user_id_index` on `notification_push_subscriptions` (`user_id`)',
      'create unique index `notification_push_subscriptions_endpoint_hash_unique` on `notification_push_subscriptions` (`endpoint_hash`)',
      'create table `notification_routes` (`guild_id` text not null, `type` text not null, `channel_id` text not null, primary key (`guild_id`, `type`))',
    ],
    mysql: [
      'create table `notifications` (`id` int unsigned not null auto_increment primary key, `guild_id` varchar(32) not null, `user_id` varchar(32) null, `type` varchar(32) not null, `dedupe_key` varchar(64) not null, `title` varchar(256) not null, `body` text not null, `url` varchar(512) null, `fields` json null, `critical` tinyint(1) not null default false, `source` varchar(64) not null, `channels` json not null, `data` json null, `created_at` bigint not null, `send_at` bigint not null) default character set utf8mb4 engine = InnoDB',
      'alter table `notifications` add unique `notifications_dedupe_key_unique`(`dedupe_key`)',
      'alter table `notifications` add index `notifications_guild_id_created_at_index`(`guild_id`, `created_at`)',
      'create table `notification_contacts` (`user_id` varchar(32) not null, `kind` varchar(8) not null, `address` varchar(320) not null, `verified_at` bigint null, `code_hash` varchar(64) null, `code_expires_at` bigint null, `updated_at` bigint not null, primary key (`user_id`, `kind`)) default character set utf8mb4 engine = InnoDB',
      'create table `notification_deliveries` (`id` int unsigned not null auto_increment primary key, `notification_id` int not null, `guild_id` varchar(32) not null, `type` varchar(32) not null, `channel` varchar(16) not null, `status` varchar(16) not null, `provider_id` varchar(191) null, `error` varchar(500) null, `attempts` int not null default 0, `created_at` bigint not null, `updated_at` bigint not null) default character set utf8mb4 engine = InnoDB',
      'alter table `notification_deliveries` add unique `notification_deliveries_notification_id_channel_unique`(`notification_id`, `channel`)',
      'create table `notification_digests` (`id` int unsigned not null auto_increment primary key, `guild_id` varchar(32) not null, `user_id` varchar(32) not null, `digest_key` varchar(191) not null, `open_key` varchar(64) null, `items` json not null, `window_end` bigint not null, `created_at` bigint not null) default character set utf8mb4 engine = InnoDB',
      'alter table `notification_digests` add unique `notification_digests_open_key_unique`(`open_key`)',
      'create table `notification_events` (`id` int unsigned not null auto_increment primary key, `guild_id` varchar(32) not null, `notification_id` int not null, `type` varchar(32) not null, `channel` varchar(16) not null, `kind` varchar(16) not null, `at` bigint not null) default character set utf8mb4 engine = InnoDB',
      'alter table `notification_events` add index `notification_events_guild_id_at_index`(`guild_id`, `at`)',
      'create table `notification_keys` (`name` varchar(64) not null, `value` text not null, `created_at` bigint not null, primary key (`name`)) default character set utf8mb4 engine = InnoDB',
      'create table `notification_members` (`guild_id` varchar(32) not null, `user_id` varchar(32) not null, `joined_at` bigint not null, primary key (`guild_id`, `user_id`)) default character set utf8mb4 engine = InnoDB',
      'create table `notification_push_subscriptions` (`id` int unsigned not null auto_increment primary key, `user_id` varchar(32) not null, `endpoint` text not null, `endpoint_hash` varchar(64) not null, `p256dh` varchar(128) not null, `auth` varchar(64) not null, `created_at` bigint not null) default character set utf8mb4 engine = InnoDB',
      'alter table `notification_push_subscriptions` add index `notification_push_subscriptions_user_id_index`(`user_id`)',
      'alter table `notification_push_subscriptions` add unique `notification_push_subscriptions_endpoint_hash_unique`(`endpoint_hash`)',
      'create table `notification_routes` (`guild_id` varchar(32) not null, `type` varchar(32) not null, `channel_id` varchar(32) not null, primary key (`guild_id`, `type`)) default character set utf8mb4 engine = InnoDB',
    ],
  },
  {
    sqlite: ['drop table if exists `notification_routes`', 'drop table if exists `notification_push_subscriptions`', 'drop table if exists `notification_members`', 'drop table if exists `notification_keys`', 'drop table if exists `notification_events`', 'drop table if exists `notification_digests`', 'drop table if exists `notification_deliveries`', 'drop table if exists `notification_contacts`', 'drop table if exists `notifications`'],
    mysql: ['drop table if exists `notification_routes`', 'drop table if exists `notification_push_subscriptions`', 'drop table if exists `notification_members`', 'drop table if exists `notification_keys`', 'drop table if exists `notification_events`', 'drop table if exists `notification_digests`', 'drop table if exists `notification_deliveries`', 'drop table if exists `notification_contacts`', 'drop table if exists `notifications`'],
  },
);
