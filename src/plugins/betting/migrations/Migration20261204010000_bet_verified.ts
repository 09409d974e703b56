import { dialectMigration } from 'dbsbm';

/**
 * Adds `verified` to bets: whether a bet counts in records (its price was the market's, within the server's
 * tolerance, and a prop's grade was confirmed by someone other than the bettor). Bets placed before it count, as
 * they did (default true).
 */
export const addBetVerified = dialectMigration(
  'Migration20261204010000_bet_verified',
  {
    sqlite: ['alter table `betting_bets` add column `verified` integer not null default true'],
    mysql: ['alter table `betting_bets` add `verified` tinyint(1) not null default true'],
  },
  {
    sqlite: ['alter table `betting_bets` drop column `verified`'],
    mysql: ['alter table `betting_bets` drop column `verified`'],
  },
);
