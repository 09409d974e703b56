import { dialectMigration } from '../dialect-migration.ts';

/** The core tables: guild and user settings, per-guild plugin choices, and the durable job table. */
export default dialectMigration(
  'Migration20261124000000_core',
  {
    sqlite: [
      "create table `guild_plugins` (`guild_id` text not null, `plugin` text not null, `enabled` integer null, `settings` json not null, `updated_at` datetime not null, primary key (`guild_id`, `plugin`))",
      "create table `guild_settings` (`guild_id` text not null, `tier` text not null default 'free', `analytics_enabled` integer not null default false, `ml_features_enabled` integer not null default false, `webhook_limit` integer not null default 0, `api_rate_limit` integer not null default 100, `real_time_features` integer not null default false, `created_at` datetime not null, `updated_at` datetime not null, primary key (`guild_id`))",
      "create table `jobs` (`id` integer not null primary key autoincrement, `plugin` text not null, `name` text not null, `guild_id` text null, `payload` json null, `idempotency_key` text null, `status` text not null default 'pending', `attempts` integer not null default 0, `max_attempts` integer not null default 8, `run_at` bigint not null, `locked_by` text null, `locked_until` bigint null, `last_error` text null, `created_at` bigint not null, `updated_at` bigint not null, `finished_at` bigint null)",
      "create unique index `jobs_idempotency_key_unique` on `jobs` (`idempotency_key`)",
      "create index `jobs_status_run_at_index` on `jobs` (`status`, `run_at`)",
      "create table `user_settings` (`user_id` text not null, `notification_preferences` json null, `analytics_consent` integer not null default false, `ml_recommendations_enabled` integer not null default false, `webhook_notifications` integer not null default false, `created_at` datetime not null, `updated_at` datetime not null, primary key (`user_id`))",
    ],
    mysql: [
      "create table `guild_plugins` (`guild_id` varchar(32) not null, `plugin` varchar(64) not null, `enabled` tinyint(1) null, `settings` json not null, `updated_at` datetime not null, primary key (`guild_id`, `plugin`)) default character set utf8mb4 engine = InnoDB",
      "create table `guild_settings` (`guild_id` varchar(32) not null, `tier` varchar(16) not null default 'free', `analytics_enabled` tinyint(1) not null default false, `ml_features_enabled` tinyint(1) not null default false, `webhook_limit` int not null default 0, `api_rate_limit` int not null default 100, `real_time_features` tinyint(1) not null default false, `created_at` datetime not null, `updated_at` datetime not null, primary key (`guild_id`)) default character set utf8mb4 engine = InnoDB",
      "create table `jobs` (`id` int unsigned not null auto_increment primary key, `plugin` varchar(64) not null, `name` varchar(128) not null, `guild_id` varchar(32) null, `payload` json null, `idempotency_key` varchar(191) null, `status` varchar(16) not null default 'pending', `attempts` int not null default 0, `max_attempts` int not null default 8, `run_at` bigint not null, `locked_by` varchar(64) null, `locked_until` bigint null, `last_error` text null, `created_at` bigint not null, `updated_at` bigint not null, `finished_at` bigint null) default character set utf8mb4 engine = InnoDB",
      "alter table `jobs` add unique `jobs_idempotency_key_unique`(`idempotency_key`)",
      "alter table `jobs` add index `jobs_status_run_at_index`(`status`, `run_at`)",
      "create table `user_settings` (`user_id` varchar(32) not null, `notification_preferences` json null, `analytics_consent` tinyint(1) not null default false, `ml_recommendations_enabled` tinyint(1) not null default false, `webhook_notifications` tinyint(1) not null default false, `created_at` datetime not null, `updated_at` datetime not null, primary key (`user_id`)) default character set utf8mb4 engine = InnoDB",
    ],
  },
  {
    sqlite: ['drop table if exists `user_settings`', 'drop table if exists `jobs`', 'drop table if exists `guild_settings`', 'drop table if exists `guild_plugins`'],
    mysql: ['drop table if exists `user_settings`', 'drop table if exists `jobs`', 'drop table if exists `guild_settings`', 'drop table if exists `guild_plugins`'],
  },
);
