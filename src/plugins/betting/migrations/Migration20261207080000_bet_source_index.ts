import { dialectMigration } from 'dbsbm';

/**
 * Indexes the bet a tail or fade copied: `/stats` counts a member's tails and fades on every call, and without it
 * that count read every bet of every server (found by the mixed benchmark, docs/BENCHMARKS.md).
 */
export const indexBetSource = dialectMigration(
  'Migration20261207080000_bet_source_index',
  {
    sqlite: ['create index `betting_bets_source_bet_index` on `betting_bets` (`source_bet_id`)'],
    mysql: ['alter table `betting_bets` add index `betting_bets_source_bet_index`(`source_bet_id`)'],
  },
  {
    sqlite: ['drop index if exists `betting_bets_source_bet_index`'],
    mysql: ['alter table `betting_bets` drop index `betting_bets_source_bet_index`'],
  },
);
