import test from 'ava';
import { placedBets } from '../../../../../src/plugins/analytics/services/patterns/placed-bets.ts';
import { makeBet } from './history-fixtures.ts';

test('placed bets are oldest first, without cancelled or future ones', (t) => {
  const a = makeBet(300, { betId: 1 });
  const b = makeBet(100, { betId: 3 });
  const c = makeBet(100, { betId: 2 });
  const cancelled = makeBet(50, { status: 'cancelled' });
  const future = makeBet(1_000);
  t.deepEqual(placedBets([a, b, c, cancelled, future], 500), [c, b, a]);
});
