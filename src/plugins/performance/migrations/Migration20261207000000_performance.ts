import { dialectMigration } from 'dbsbm';

/** The performance plugin's tables: the seed's `performance_metrics` (minute and hourly roll-ups) and alert states. */
export const createPerformanceTables = dialectMigration(
  'Migration20261207000000_performance',
  {
    sqlite: [
      'create table `performance_alerts` (`rule` text not null, `state` text not null, `since` bigint null, `value` double null, `tags` json null, `updated_at` bigint not null, primary key (`rule`))',
      'create table `performance_metrics` (`id` integer not null primary key autoincrement, `metric_name` text not null, `metric_value` double not null, `max_value` double not null, `samples` integer not null default 1, `metric_unit` text null, `tags` json not null, `series` text not null, `resolution` integer not null, `timestamp` bigint not null)',
      'create unique index `performance_metrics_series_unique` on `performance_metrics` (`resolution`, `metric_name`, `series`, `timestamp`)',
      'create index `idx_metric_time` on `performance_metrics` (`metric_name`, `timestamp`)',
      'create index `performance_metrics_resolution_time_index` on `performance_metrics` (`resolution`, `timestamp`)',
    ],
    mysql: [
      'create table `performance_alerts` (`rule` varchar(64) not null, `state` varchar(16) not null, `since` bigint null, `value` double null, `tags` json null, `updated_at` bigint not null, primary key (`rule`)) default character set utf8mb4 engine = InnoDB',
      'create table `performance_metrics` (`id` int unsigned not null auto_increment primary key, `metric_name` varchar(100) not null, `metric_value` double not null, `max_value` double not null, `samples` int not null default 1, `metric_unit` varchar(20) null, `tags` json not null, `series` varchar(191) not null, `resolution` int not null, `timestamp` bigint not null) default character set utf8mb4 engine = InnoDB',
      'alter table `performance_metrics` add unique `performance_metrics_series_unique`(`resolution`, `metric_name`, `series`, `timestamp`)',
      'alter table `performance_metrics` add index `idx_metric_time`(`metric_name`, `timestamp`)',
      'alter table `performance_metrics` add index `performance_metrics_resolution_time_index`(`resolution`, `timestamp`)',
    ],
  },
  {
    sqlite: ['drop table if exists `performance_metrics`', 'drop table if exists `performance_alerts`'],
    mysql: ['drop table if exists `performance_metrics`', 'drop table if exists `performance_alerts`'],
  },
);
