import { dialectMigration } from 'dbsbm';

/** The seed's webhook tables: endpoints (with sealed signing secrets) and delivery attempts. */
export const createWebhookTables = dialectMigration(
  'Migration20261124030000_webhooks',
  {
    sqlite: [
      "create table `webhook_deliveries` (`id` integer not null primary key autoincrement, `integration_id` integer not null, `guild_id` text not null, `message_id` text not null, `event_type` text not null, `attempt` integer not null, `status_code` integer null, `latency_ms` integer null, `response_excerpt` text null, `error` text null, `outcome` text not null, `next_attempt_at` bigint null, `payload` json not null, `created_at` bigint not null)",
      "create index `webhook_deliveries_integration_index` on `webhook_deliveries` (`integration_id`, `created_at`)",
      "create index `webhook_deliveries_guild_index` on `webhook_deliveries` (`guild_id`, `created_at`)",
      "create table `webhook_integrations` (`id` integer not null primary key autoincrement, `guild_id` text not null, `webhook_url` text not null, `webhook_type` text not null default 'standard', `events` json not null, `is_active` integer not null default true, `created_at` datetime not null, `updated_at` datetime not null, `secret_sealed` text not null, `previous_secret_sealed` text null, `previous_secret_until` bigint null, `consecutive_failures` integer not null default 0, `failing_since` bigint null, `disabled_reason` text null)",
      "create index `webhook_integrations_guild_index` on `webhook_integrations` (`guild_id`, `is_active`)",
    ],
    mysql: [
      "create table `webhook_deliveries` (`id` int unsigned not null auto_increment primary key, `integration_id` int not null, `guild_id` varchar(32) not null, `message_id` varchar(64) not null, `event_type` varchar(64) not null, `attempt` int not null, `status_code` int null, `latency_ms` int null, `response_excerpt` text null, `error` varchar(500) null, `outcome` varchar(16) not null, `next_attempt_at` bigint null, `payload` json not null, `created_at` bigint not null) default character set utf8mb4 engine = InnoDB",
      "alter table `webhook_deliveries` add index `webhook_deliveries_integration_index`(`integration_id`, `created_at`)",
      "alter table `webhook_deliveries` add index `webhook_deliveries_guild_index`(`guild_id`, `created_at`)",
      "create table `webhook_integrations` (`id` int unsigned not null auto_increment primary key, `guild_id` varchar(32) not null, `webhook_url` varchar(2048) not null, `webhook_type` varchar(16) not null default 'standard', `events` json not null, `is_active` tinyint(1) not null default true, `created_at` datetime not null, `updated_at` datetime not null, `secret_sealed` varchar(255) not null, `previous_secret_sealed` varchar(255) null, `previous_secret_until` bigint null, `consecutive_failures` int not null default 0, `failing_since` bigint null, `disabled_reason` varchar(255) null) default character set utf8mb4 engine = InnoDB",
      "alter table `webhook_integrations` add index `webhook_integrations_guild_index`(`guild_id`, `is_active`)",
    ],
  },
  {
    sqlite: [
      "drop table if exists `webhook_deliveries`",
      "drop table if exists `webhook_integrations`",
    ],
    mysql: [
      "drop table if exists `webhook_deliveries`",
      "drop table if exists `webhook_integrations`",
    ],
  },
);
