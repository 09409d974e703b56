import { dialectMigration } from 'dbsbm';

/** The ML plugin's table: every prediction shown, and how it turned out. */
export const createMlTables = dialectMigration(
  'Migration20261124050000_ml',
  {
    sqlite: [
      'create table `ml_predictions` (`id` integer not null primary key autoincrement, `model_type` text not null, `prediction_data` json not null, `confidence_score` double not null, `actual_result` json null, `accuracy_score` double null, `created_at` bigint not null, `guild_id` text null, `user_id` text null, `game_id` integer null)',
      'create index `idx_model_type` on `ml_predictions` (`model_type`)',
      'create index `idx_accuracy_score` on `ml_predictions` (`accuracy_score`)',
      'create index `ml_predictions_game_index` on `ml_predictions` (`game_id`)',
      'create index `ml_predictions_guild_created_index` on `ml_predictions` (`guild_id`, `created_at`)',
    ],
    mysql: [
      'create table `ml_predictions` (`id` int unsigned not null auto_increment primary key, `model_type` varchar(50) not null, `prediction_data` json not null, `confidence_score` double not null, `actual_result` json null, `accuracy_score` double null, `created_at` bigint not null, `guild_id` varchar(32) null, `user_id` varchar(32) null, `game_id` int null) default character set utf8mb4 engine = InnoDB',
      'alter table `ml_predictions` add index `idx_model_type`(`model_type`)',
      'alter table `ml_predictions` add index `idx_accuracy_score`(`accuracy_score`)',
      'alter table `ml_predictions` add index `ml_predictions_game_index`(`game_id`)',
      'alter table `ml_predictions` add index `ml_predictions_guild_created_index`(`guild_id`, `created_at`)',
    ],
  },
  {
    sqlite: [
      'drop table if exists `ml_predictions`',
    ],
    mysql: [
      'drop table if exists `ml_predictions`',
    ],
  },
);
