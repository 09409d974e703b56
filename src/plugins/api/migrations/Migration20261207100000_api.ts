import { dialectMigration } from 'dbsbm';

/** The api plugin's tables: keys (hashed), the seed's `api_usage`, and idempotency records. */
export const createApiTables = dialectMigration(
  'Migration20261207100000_api',
  {
    sqlite: [
      "create table `api_idempotency` (`id` integer not null primary key autoincrement, `key_id` integer not null, `idempotency_key` text not null, `fingerprint` text not null, `state` text not null, `status_code` integer null, `response_body` text null, `created_at` bigint not null)",
      "create index `api_idempotency_created_index` on `api_idempotency` (`created_at`)",
      "create unique index `api_idempotency_key_unique` on `api_idempotency` (`key_id`, `idempotency_key`)",
      "create table `api_keys` (`id` integer not null primary key autoincrement, `guild_id` text not null, `name` text not null, `scope` text not null, `secret_hash` text not null, `last4` text not null, `created_by` text not null, `created_at` bigint not null, `last_used_at` bigint null, `revoked_at` bigint null, `expires_at` bigint null, `replaced_by` integer null)",
      "create index `api_keys_guild_index` on `api_keys` (`guild_id`, `created_at`)",
      "create unique index `api_keys_secret_hash_unique` on `api_keys` (`secret_hash`)",
      "create table `api_usage` (`id` integer not null primary key autoincrement, `user_id` text not null, `guild_id` text not null, `key_id` integer not null, `method` text not null, `endpoint` text not null, `request_data` json not null, `response_time` integer not null, `status_code` integer not null, `timestamp` bigint not null)",
      "create index `idx_user_endpoint` on `api_usage` (`user_id`, `endpoint`)",
      "create index `idx_timestamp` on `api_usage` (`timestamp`)",
      "create index `api_usage_guild_index` on `api_usage` (`guild_id`, `timestamp`)",
    ],
    mysql: [
      "create table `api_idempotency` (`id` int unsigned not null auto_increment primary key, `key_id` int not null, `idempotency_key` varchar(255) not null, `fingerprint` varchar(64) not null, `state` varchar(8) not null, `status_code` int null, `response_body` text null, `created_at` bigint not null) default character set utf8mb4 engine = InnoDB",
      "alter table `api_idempotency` add index `api_idempotency_created_index`(`created_at`)",
      "alter table `api_idempotency` add unique `api_idempotency_key_unique`(`key_id`, `idempotency_key`)",
      "create table `api_keys` (`id` int unsigned not null auto_increment primary key, `guild_id` varchar(32) not null, `name` varchar(100) not null, `scope` varchar(8) not null, `secret_hash` varchar(64) not null, `last4` varchar(4) not null, `created_by` varchar(32) not null, `created_at` bigint not null, `last_used_at` bigint null, `revoked_at` bigint null, `expires_at` bigint null, `replaced_by` int null) default character set utf8mb4 engine = InnoDB",
      "alter table `api_keys` add index `api_keys_guild_index`(`guild_id`, `created_at`)",
      "alter table `api_keys` add unique `api_keys_secret_hash_unique`(`secret_hash`)",
      "create table `api_usage` (`id` int unsigned not null auto_increment primary key, `user_id` varchar(32) not null, `guild_id` varchar(32) not null, `key_id` int not null, `method` varchar(8) not null, `endpoint` varchar(100) not null, `request_data` json not null, `response_time` int not null, `status_code` int not null, `timestamp` bigint not null) default character set utf8mb4 engine = InnoDB",
      "alter table `api_usage` add index `idx_user_endpoint`(`user_id`, `endpoint`)",
      "alter table `api_usage` add index `idx_timestamp`(`timestamp`)",
      "alter table `api_usage` add index `api_usage_guild_index`(`guild_id`, `timestamp`)",
    ],
  },
  {
    sqlite: [
      "drop table if exists `api_idempotency`",
      "drop table if exists `api_keys`",
      "drop table if exists `api_usage`",
    ],
    mysql: [
      "drop table if exists `api_idempotency`",
      "drop table if exists `api_keys`",
      "drop table if exists `api_usage`",
    ],
  },
);
