import { dialectMigration } from 'dbsbm';

/**
 * Indexes a server's bets in the order the API lists them (`GET /api/v1/betting/bets`, newest first, id breaking
 * ties): without it every page sorted all the server's bets (found by the api benchmark, docs/BENCHMARKS.md).
 */
export const indexBetList = dialectMigration(
  'Migration20261207110000_bet_list_index',
  {
    sqlite: ['create index `betting_bets_guild_placed_index` on `betting_bets` (`guild_id`, `placed_at`, `id`)'],
    mysql: ['alter table `betting_bets` add index `betting_bets_guild_placed_index`(`guild_id`, `placed_at`, `id`)'],
  },
  {
    sqlite: ['drop index if exists `betting_bets_guild_placed_index`'],
    mysql: ['alter table `betting_bets` drop index `betting_bets_guild_placed_index`'],
  },
);
