import test from 'ava';
import { stakesByKey } from '../../../../../src/plugins/analytics/services/patterns/concentration.ts';
import { detectPatterns, type HistoryBet } from '../../../../../src/plugins/analytics/services/patterns/index.ts';
import { DAY, NOW, makeBet, variedHistory } from './history-fixtures.ts';

const OTHER_SPORTS = ['soccer', 'tennis', 'baseball', 'ice_hockey'];

/** 80 one-unit bets: 72 on basketball, 40 of those on the Lakers, the rest spread. */
function fan(count = 80): HistoryBet[] {
  return Array.from({ length: count }, (_, i) =>
    makeBet(NOW - (count - i) * DAY, {
      sport: i % 10 === 9 ? OTHER_SPORTS[Math.floor(i / 10) % 4] : 'basketball',
      team: i % 2 === 0 ? 'Lakers' : `Team ${i % 7}`,
    }),
  );
}

const find = (history: HistoryBet[], type: string) =>
  detectPatterns(history, { timeZone: 'UTC', now: NOW }).find((p) => p.type === type);

test('nine tenths of stakes on one sport is a concentration with high confidence', (t) => {
  const pattern = find(fan(), 'sport_concentration');
  if (!pattern) return t.fail('no sport concentration');
  t.true(pattern.confidence > 0.8);
  t.false(pattern.harmful);
  t.like(pattern.data, { top: 'basketball', topShare: 0.9, bets: 80, distinct: 5 });
  t.is(pattern.summary, '90% of your stakes went on basketball (72 of 80 units).');
});

test('half the stakes on one team is a team concentration with high confidence', (t) => {
  const pattern = find(fan(), 'team_concentration');
  if (!pattern) return t.fail('no team concentration');
  t.true(pattern.confidence > 0.8);
  t.like(pattern.data, { top: 'Lakers', topShare: 0.5 });
});

test('one big stake is not a concentration to be sure of', (t) => {
  const t0 = NOW - 30 * DAY;
  const history = [
    makeBet(t0, { sport: 'golf', units: 100, team: null }),
    ...Array.from({ length: 20 }, (_, i) => makeBet(t0 + (i + 1) * DAY, { sport: OTHER_SPORTS[i % 4], team: null })),
  ];
  const pattern = find(history, 'sport_concentration');
  if (!pattern) return t.fail('the share is over the bar, so the pattern is reported');
  t.true((pattern.data.topShare as number) > 0.8);
  t.true((pattern.data.effectiveBets as number) < 2);
  t.true(pattern.confidence < 0.5);
});

test('a varied spread of sports and teams is no concentration', (t) => {
  for (let seed = 1; seed <= 20; seed++) {
    t.is(find(variedHistory(seed), 'sport_concentration'), undefined);
    t.is(find(variedHistory(seed), 'team_concentration'), undefined);
  }
});

test('bets without a sport or team are left out of the shares', (t) => {
  const bets = [makeBet(0, { sport: null, units: 50 }), makeBet(1, { sport: 'tennis' }), makeBet(2, { sport: '  ' })];
  t.deepEqual(stakesByKey(bets, (bet) => bet.sport), [['tennis', 1]]);
});

test('a few bets on one sport give low confidence', (t) => {
  const pattern = find(fan(8), 'sport_concentration');
  if (!pattern) return t.fail('the shape is there, so the pattern is reported');
  t.true(pattern.confidence < 0.5);
});
