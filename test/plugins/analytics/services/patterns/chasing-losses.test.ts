import test from 'ava';
import { countChasing } from '../../../../../src/plugins/analytics/services/patterns/chasing-losses.ts';
import { detectPatterns, type HistoryBet } from '../../../../../src/plugins/analytics/services/patterns/index.ts';
import { DAY, HOUR, NOW, makeBet, random, settle, variedHistory } from './history-fixtures.ts';

/**
 * One bet a day, each settled three hours after it was placed; after a loss the member doubles the stake
 * (up to 16 units), after a win goes back to 1 unit.
 */
function chaser(count: number, settleAfter = 3 * HOUR): HistoryBet[] {
  const rand = random(7);
  const bets: HistoryBet[] = [];
  let units = 1;
  for (let i = 0; i < count; i++) {
    const placedAt = NOW - (count - i) * DAY;
    const bet = settle(makeBet(placedAt, { units, settledAt: placedAt + settleAfter }), rand() < 0.45);
    bets.push(bet);
    units = bet.status === 'lost' ? Math.min(16, units * 2) : 1;
  }
  return bets;
}

const chasing = (history: HistoryBet[]) =>
  detectPatterns(history, { timeZone: 'UTC', now: NOW }).find((p) => p.type === 'chasing_losses');

test('doubling after every loss is chasing, with high confidence', (t) => {
  const pattern = chasing(chaser(80));
  if (!pattern) return t.fail('no chasing pattern');
  t.true(pattern.confidence > 0.8);
  t.true(pattern.harmful);
  // Not every loss: at the 16-unit cap the stake stays put.
  t.true((pattern.data.postLossRaiseShare as number) > 0.7);
  t.is(pattern.data.otherRaised, 0);
  t.regex(pattern.summary, /^Your stake rose after \d+ of your \d+ losses \(avg \+\d+%\), against 0 of your \d+ other bets\.$/);
});

test('stakes that ignore results are not chasing', (t) => {
  for (let seed = 1; seed <= 20; seed++) t.is(chasing(variedHistory(seed)), undefined, `seed ${seed}`);
});

test('a loss that settles only after the next bet was placed is not seen by that bet', (t) => {
  // Same stakes, but nothing settles until long after the last bet: no bet could have reacted to a loss.
  const unseen = chaser(80, 200 * DAY).map((bet) => ({ ...bet, settledAt: NOW - HOUR }));
  t.is(chasing(unseen), undefined);
  t.is(countChasing(unseen).postLossBets, 0);
});

test('the news for a bet is what settled between the previous bet and it', (t) => {
  const t0 = NOW - 10 * DAY;
  // Bet 1 loses but settles after bet 2 is placed, so bet 2 (raised) is no reaction; bet 3 is.
  const bets = [
    settle(makeBet(t0, { units: 1, settledAt: t0 + 5 * HOUR }), false),
    settle(makeBet(t0 + 2 * HOUR, { units: 2, settledAt: t0 + 20 * HOUR }), true),
    settle(makeBet(t0 + 10 * HOUR, { units: 4, settledAt: t0 + 30 * HOUR }), true),
  ];
  t.like(countChasing(bets), { postLossBets: 1, postLossRaised: 1, otherBets: 1, otherRaised: 1, averageRaise: 1 });
});

test('a win and a bigger loss settling together count as a loss', (t) => {
  const t0 = NOW - 10 * DAY;
  const bets = [
    settle(makeBet(t0, { units: 1, decimal: 2, settledAt: t0 + HOUR }), true),
    settle(makeBet(t0 + 1, { units: 3, settledAt: t0 + HOUR }), false),
    makeBet(t0 + 2 * HOUR, { units: 6, status: 'pending', settledAt: null, net: null }),
  ];
  t.like(countChasing(bets), { postLossBets: 1, postLossRaised: 1 });
});

test('a short chasing history gets low confidence', (t) => {
  const pattern = chasing(chaser(8));
  if (!pattern) return t.fail('the shape is there, so the pattern is reported');
  t.true(pattern.confidence < 0.5);
});
