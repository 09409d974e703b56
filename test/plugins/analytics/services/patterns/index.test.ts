import test from 'ava';
import { detectPatterns, type HistoryBet } from '../../../../../src/plugins/analytics/services/patterns/index.ts';
import { DAY, HOUR, MINUTE, NOW, makeBet, random, settle, variedHistory } from './history-fixtures.ts';

/**
 * A troubled month: every night at 01:00 UTC, a burst of six 5-leg parlays a minute apart, the stake doubling after
 * the night's parlays lost (each settles at 09:00).
 */
function troubledMonth(): HistoryBet[] {
  const rand = random(5);
  const today = Math.floor(NOW / DAY) * DAY;
  const bets: HistoryBet[] = [];
  let units = 1;
  for (let d = 28; d >= 1; d--) {
    const night = today - d * DAY + HOUR;
    let lost = false;
    for (let k = 0; k < 6; k++) {
      const bet = settle(
        makeBet(night + k * MINUTE, { units, type: 'parlay', legs: 5, decimal: 25, sport: null, team: null, settledAt: night + 8 * HOUR }),
        rand() < 0.04,
      );
      lost ||= bet.status === 'lost';
      bets.push(bet);
    }
    units = lost ? Math.min(8, units * 2) : 1;
  }
  return bets;
}

test('a normal, varied history shows no pattern', (t) => {
  for (const count of [40, 60, 150]) {
    for (let seed = 1; seed <= 30; seed++) {
      const history = variedHistory(seed, count);
      for (const timeZone of ['UTC', 'America/New_York', 'Europe/London']) {
        t.deepEqual(detectPatterns(history, { timeZone, now: NOW }), [], `${count} bets, seed ${seed}, ${timeZone}`);
      }
    }
  }
});

test('a short varied history may show a chance pattern, but never with high confidence', (t) => {
  for (let seed = 1; seed <= 30; seed++) {
    for (const pattern of detectPatterns(variedHistory(seed, 20), { timeZone: 'UTC', now: NOW })) {
      t.true(pattern.confidence < 0.8, `seed ${seed}: ${pattern.type} ${pattern.confidence}`);
    }
  }
});

test('a troubled month shows its harmful patterns, most confident first', (t) => {
  const patterns = detectPatterns(troubledMonth(), { timeZone: 'UTC', now: NOW });
  const types = patterns.map((p) => p.type);
  for (const type of ['burst', 'late_night_streak', 'parlay_heavy', 'time_of_day'] as const) t.true(types.includes(type), type);
  for (const pattern of patterns.filter((p) => p.type !== 'time_of_day')) t.true(pattern.harmful, pattern.type);
  const confidences = patterns.map((p) => p.confidence);
  t.deepEqual(confidences, [...confidences].sort((a, b) => b - a));
});

test('confidences are 0..1 with 4 decimals and every pattern survives JSON', (t) => {
  const histories = [troubledMonth(), variedHistory(1, 20), variedHistory(2, 20)];
  for (const history of histories) {
    for (const pattern of detectPatterns(history, { timeZone: 'UTC', now: NOW })) {
      t.true(pattern.confidence >= 0 && pattern.confidence <= 1);
      t.is(Math.round(pattern.confidence * 10_000) / 10_000, pattern.confidence);
      t.deepEqual(JSON.parse(JSON.stringify(pattern)), pattern);
      t.regex(pattern.summary, /^[^\n]+\.$/);
    }
  }
});

test('the result depends only on the bets, not their order', (t) => {
  const history = troubledMonth();
  const shuffled = [...history].reverse();
  t.deepEqual(detectPatterns(shuffled, { timeZone: 'UTC', now: NOW }), detectPatterns(history, { timeZone: 'UTC', now: NOW }));
});

test('cancelled bets and bets after now are ignored', (t) => {
  const history = troubledMonth();
  const noise = [
    ...Array.from({ length: 50 }, (_, i) => makeBet(NOW - 3 * DAY + i * 30 * MINUTE, { status: 'cancelled', settledAt: null, net: null })),
    ...Array.from({ length: 50 }, (_, i) => makeBet(NOW + (i + 1) * HOUR)),
  ];
  t.deepEqual(detectPatterns([...history, ...noise], { timeZone: 'UTC', now: NOW }), detectPatterns(history, { timeZone: 'UTC', now: NOW }));
});

test('an invalid time zone falls back to UTC without throwing', (t) => {
  const history = troubledMonth();
  const utc = detectPatterns(history, { timeZone: 'UTC', now: NOW });
  for (const timeZone of ['Not/A_Zone', '', 'GMT+99']) {
    t.deepEqual(detectPatterns(history, { timeZone, now: NOW }), utc, JSON.stringify(timeZone));
  }
});

test('a larger minBets asks for more evidence', (t) => {
  const history = troubledMonth();
  const at = (minBets: number) =>
    detectPatterns(history, { timeZone: 'UTC', now: NOW, minBets }).find((p) => p.type === 'parlay_heavy')?.confidence ?? 0;
  t.true(at(10) > 0.8);
  t.true(at(1000) < 0.5);
  t.true(at(1000) < at(100) && at(100) < at(10));
});

test('an empty history has no patterns', (t) => {
  t.deepEqual(detectPatterns([], { timeZone: 'UTC', now: NOW }), []);
});

test('a malformed bet or option is refused', (t) => {
  const bad = { ...makeBet(NOW - DAY), units: Number.NaN };
  t.throws(() => detectPatterns([bad], { timeZone: 'UTC', now: NOW }));
  t.throws(() => detectPatterns([], { timeZone: 'UTC', now: NOW, minBets: 0 }));
});
