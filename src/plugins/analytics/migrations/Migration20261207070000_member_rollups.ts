import { dialectMigration } from 'dbsbm';

const COUNTERS = '`bets`, `wins`, `losses`, `pushes`, `voids`, `risked`, `net`, `clv_sum`, `clv_n`';
const SUMS = 'sum(`bets`), sum(`wins`), sum(`losses`), sum(`pushes`), sum(`voids`), sum(`risked`), sum(`net`), sum(`clv_sum`), sum(`clv_n`)';

// Filled from the member-day-kind rows already there, as a rebuild would fill them, so a server whose roll-ups were
// built before this migration answers from the new tables at once (without a rebuild from betting's records).
// The month of a UTC day, as services/rollups.ts computes it (written out here: a migration is a snapshot).
const fill = (monthOfDay: string): string[] => [
  `insert into \`analytics_member_days\` (\`guild_id\`, \`user_id\`, \`day\`, ${COUNTERS}) select \`guild_id\`, \`user_id\`, \`day\`, ${SUMS} from \`analytics_user_days\` group by \`guild_id\`, \`user_id\`, \`day\``,
  `insert into \`analytics_member_months\` (\`guild_id\`, \`user_id\`, \`month\`, ${COUNTERS}) select \`guild_id\`, \`user_id\`, ${monthOfDay}, ${SUMS} from \`analytics_member_days\` group by \`guild_id\`, \`user_id\`, ${monthOfDay}`,
  'insert into `analytics_member_first_days` (`guild_id`, `user_id`, `first_day`) select `guild_id`, `user_id`, min(`day`) from `analytics_member_days` group by `guild_id`, `user_id`',
];

/**
 * The member roll-ups without sport, league and bet type (issue 14): member-day, member-month, and each member's
 * first day in the server. Questions without those filters read them instead of the member-day-kind rows.
 */
export const createMemberRollups = dialectMigration(
  'Migration20261207070000_member_rollups',
  {
    sqlite: [
      'create table `analytics_member_days` (`id` integer not null primary key autoincrement, `guild_id` text not null, `user_id` text not null, `day` integer not null, `bets` integer not null default 0, `wins` integer not null default 0, `losses` integer not null default 0, `pushes` integer not null default 0, `voids` integer not null default 0, `risked` double not null default 0, `net` double not null default 0, `clv_sum` double not null default 0, `clv_n` integer not null default 0)',
      `create index \`analytics_member_days_guild_day_cover_index\` on \`analytics_member_days\` (\`guild_id\`, \`day\`, \`user_id\`, ${COUNTERS})`,
      'create unique index `analytics_member_days_key_unique` on `analytics_member_days` (`guild_id`, `user_id`, `day`)',
      'create table `analytics_member_months` (`id` integer not null primary key autoincrement, `guild_id` text not null, `user_id` text not null, `month` integer not null, `bets` integer not null default 0, `wins` integer not null default 0, `losses` integer not null default 0, `pushes` integer not null default 0, `voids` integer not null default 0, `risked` double not null default 0, `net` double not null default 0, `clv_sum` double not null default 0, `clv_n` integer not null default 0)',
      `create index \`analytics_member_months_guild_month_cover_index\` on \`analytics_member_months\` (\`guild_id\`, \`month\`, \`user_id\`, ${COUNTERS})`,
      'create unique index `analytics_member_months_key_unique` on `analytics_member_months` (`guild_id`, `user_id`, `month`)',
      'create table `analytics_member_first_days` (`guild_id` text not null, `user_id` text not null, `first_day` integer not null, primary key (`guild_id`, `user_id`))',
      'create index `analytics_member_first_days_guild_first_index` on `analytics_member_first_days` (`guild_id`, `first_day`, `user_id`)',
      ...fill("cast(strftime('%Y%m', `day` * 86400, 'unixepoch') as integer)"),
    ],
    mysql: [
      'create table `analytics_member_days` (`id` int unsigned not null auto_increment primary key, `guild_id` varchar(32) not null, `user_id` varchar(32) not null, `day` int not null, `bets` int not null default 0, `wins` int not null default 0, `losses` int not null default 0, `pushes` int not null default 0, `voids` int not null default 0, `risked` double not null default 0, `net` double not null default 0, `clv_sum` double not null default 0, `clv_n` int not null default 0) default character set utf8mb4 engine = InnoDB',
      `alter table \`analytics_member_days\` add index \`analytics_member_days_guild_day_cover_index\`(\`guild_id\`, \`day\`, \`user_id\`, ${COUNTERS})`,
      'alter table `analytics_member_days` add unique `analytics_member_days_key_unique`(`guild_id`, `user_id`, `day`)',
      'create table `analytics_member_months` (`id` int unsigned not null auto_increment primary key, `guild_id` varchar(32) not null, `user_id` varchar(32) not null, `month` int not null, `bets` int not null default 0, `wins` int not null default 0, `losses` int not null default 0, `pushes` int not null default 0, `voids` int not null default 0, `risked` double not null default 0, `net` double not null default 0, `clv_sum` double not null default 0, `clv_n` int not null default 0) default character set utf8mb4 engine = InnoDB',
      `alter table \`analytics_member_months\` add index \`analytics_member_months_guild_month_cover_index\`(\`guild_id\`, \`month\`, \`user_id\`, ${COUNTERS})`,
      'alter table `analytics_member_months` add unique `analytics_member_months_key_unique`(`guild_id`, `user_id`, `month`)',
      'create table `analytics_member_first_days` (`guild_id` varchar(32) not null, `user_id` varchar(32) not null, `first_day` int not null, primary key (`guild_id`, `user_id`)) default character set utf8mb4 engine = InnoDB',
      'alter table `analytics_member_first_days` add index `analytics_member_first_days_guild_first_index`(`guild_id`, `first_day`, `user_id`)',
      ...fill("extract(year_month from date_add(date '1970-01-01', interval `day` day))"),
    ],
  },
  {
    sqlite: ['drop table if exists `analytics_member_first_days`', 'drop table if exists `analytics_member_months`', 'drop table if exists `analytics_member_days`'],
    mysql: ['drop table if exists `analytics_member_first_days`', 'drop table if exists `analytics_member_months`', 'drop table if exists `analytics_member_days`'],
  },
);
