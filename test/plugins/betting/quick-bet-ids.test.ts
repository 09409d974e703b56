import test from 'ava';
import { parseQuickBetId, quickBetId, quickTailId } from '../../../src/plugins/betting/views/quick-bet.ts';

test('a Bet button’s custom id carries its pick, price and stake, and reads back the same', (t) => {
  const button = { gameId: 4821, market: 'totals', selection: 'over', line: 2.5, decimal: 1.95, units: 0.5 };
  const id = quickBetId(button);
  t.true(id.length <= 100, 'within Discord’s custom id limit');
  t.deepEqual(parseQuickBetId(id), { kind: 'bet', ...button });
  t.deepEqual(parseQuickBetId(quickBetId({ ...button, market: 'spreads', selection: 'home', line: -1.5 })), { kind: 'bet', ...button, market: 'spreads', selection: 'home', line: -1.5 });
  t.deepEqual(parseQuickBetId(quickTailId(4821)), { kind: 'tail', gameId: 4821 });
});

test('ids of other buttons, and tampered ones, are not Bet buttons', (t) => {
  for (const id of ['betting:tail:12', 'betting:qb:1:h2h:nobody:0:2:1', 'betting:qb:1:h2h:home:0:2', 'betting:qb:x:h2h:home:0:2:1', 'betting:qt:', 'betting:qb:1:h2h:home:0:2:1:extra']) {
    t.is(parseQuickBetId(id), null, id);
  }
});
