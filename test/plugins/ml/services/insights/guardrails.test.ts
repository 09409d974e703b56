import test from 'ava';
import { applyLimits, capAfterLosses, detectLosingRun, type RecentBet } from '../../../../../src/plugins/ml/services/insights/guardrails.ts';
import { mulberry32 } from '../../../../../src/index.ts';
import { near } from './near.ts';

const won = (units: number, net = units * 0.9): RecentBet => ({ units, net });
const lost = (units: number): RecentBet => ({ units, net: -units });
const push = (units: number): RecentBet => ({ units, net: 0 });

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

test('off a losing run the proposed stake passes through', (t) => {
  const history = [won(1), lost(1), won(1), won(1)];
  t.false(detectLosingRun(history).losing);
  t.deepEqual(capAfterLosses(2.5, history), { stake: 2.5, cap: null, capped: false, reason: null });
  t.deepEqual(capAfterLosses(2.5, []), { stake: 2.5, cap: null, capped: false, reason: null });
});

test('three losses in a row cap the stake at the usual stake, with the reason', (t) => {
  const history = [won(1, 5), won(1), won(2), lost(1), lost(1), lost(1)];
  const run = detectLosingRun(history);
  t.true(run.losing);
  t.is(run.trailingLosses, 3);
  near(t, run.windowNet, 4.7);
  const guarded = capAfterLosses(3, history);
  t.is(guarded.stake, 1);
  t.true(guarded.capped);
  t.is(guarded.reason, 'Your last 3 bets lost, so this is held to 1.00 unit, your usual stake before the run; stakes are never raised after losses.');
});

test('being down over the last N bets is a losing run even after a win', (t) => {
  const history = [lost(2), lost(2), won(1), lost(2), won(1)];
  const run = detectLosingRun(history, { window: 5 });
  t.true(run.losing);
  t.is(run.trailingLosses, 0);
  const guarded = capAfterLosses(5, history, { window: 5 });
  t.is(guarded.stake, 2);
  t.regex(guarded.reason ?? '', /^You are 4\.20 units down over your last 5 bets/);
});

test('pushes neither extend nor break a run of losses', (t) => {
  t.is(detectLosingRun([won(1, 9), lost(1), push(1), lost(1), push(1), lost(1)]).trailingLosses, 3);
  t.true(detectLosingRun([won(1, 9), lost(1), push(1), lost(1), push(1), lost(1)]).losing);
});

test('a member already chasing losses is held to the stake from before the run, not the inflated recent median', (t) => {
  // Ten 1-unit winners, then losses at 2, 4, 8, 16, 32 and 64 units: the median of the last ten stakes is 12.
  const history = [...Array.from({ length: 10 }, () => won(1)), lost(2), lost(4), lost(8), lost(16), lost(32), lost(64)];
  const guarded = capAfterLosses(50, history);
  t.is(guarded.cap, 1);
  t.is(guarded.stake, 1);
});

test('a losing run from the very first bet is held to the first stake', (t) => {
  t.is(capAfterLosses(10, [lost(1), lost(3), lost(5)]).stake, 1);
});

test('a stake already below the cap is kept, and says so', (t) => {
  const guarded = capAfterLosses(0.5, [lost(1), lost(1), lost(1)]);
  t.is(guarded.stake, 0.5);
  t.false(guarded.capped);
  t.regex(guarded.reason ?? '', /already no more than your usual 1\.00 unit/);
});

test('after any losing run the suggested stake is never higher than the median stake before the run', (t) => {
  const random = mulberry32(99);
  for (let round = 0; round < 500; round++) {
    // Before the run: mixed results, closed by a winner big enough to set a new high of the units curve.
    const before: RecentBet[] = [];
    const length = 1 + Math.floor(random() * 15);
    let total = 0;
    let high = 0;
    for (let i = 0; i < length; i++) {
      const units = 0.5 + Math.floor(random() * 6) * 0.5;
      const net = random() < 0.5 ? -units : units * (0.5 + random());
      before.push({ units, net });
      total += net;
      high = Math.max(high, total);
    }
    const units = 0.5 + Math.floor(random() * 6) * 0.5;
    before.push({ units, net: high - total + units });
    // The run: at least three losses, stakes often raised along the way.
    const run: RecentBet[] = [];
    let stake = 0.5 + random() * 3;
    for (let i = 0, n = 3 + Math.floor(random() * 8); i < n; i++) {
      run.push(random() < 0.8 ? lost(stake) : push(stake));
      stake *= 1 + random();
    }
    if (run.filter((b) => b.net < 0).length < 3) run.push(lost(stake), lost(stake), lost(stake));
    const proposed = random() * 100;
    const guarded = capAfterLosses(proposed, [...before, ...run]);
    const baseline = median(before.slice(-10).map((b) => b.units));
    t.true(guarded.stake <= baseline, `round ${round}: ${guarded.stake} > ${baseline}`);
    t.true(guarded.stake <= proposed);
  }
});

test('the per-bet limit clips the stake', (t) => {
  t.deepEqual(applyLimits(3, { maxUnitsPerBet: 2, unitsPlacedToday: 0 }), { stake: 2, clippedBy: 'per-bet', reason: 'Held to your per-bet limit of 2.00 units.' });
});

test('what is left of the daily limit clips the stake', (t) => {
  t.deepEqual(applyLimits(3, { maxUnitsPerBet: 5, maxUnitsPerDay: 10, unitsPlacedToday: 8.5 }), {
    stake: 1.5,
    clippedBy: 'per-day',
    reason: 'Held to the 1.50 units left of your daily limit of 10.00 units.',
  });
});

test('once the daily limit is reached the stake is 0, with the reason', (t) => {
  const limited = applyLimits(1, { maxUnitsPerDay: 5, unitsPlacedToday: 5 });
  t.is(limited.stake, 0);
  t.is(limited.clippedBy, 'day-reached');
  t.is(limited.reason, 'You have reached your daily limit of 5.00 units (5.00 units placed in the last 24 hours), so no stake is suggested until some of it is older than that.');
  t.is(applyLimits(1, { maxUnitsPerDay: 5, unitsPlacedToday: 7 }).stake, 0);
});

test('no limits set, or a stake within them, passes through', (t) => {
  t.deepEqual(applyLimits(3, { unitsPlacedToday: 100 }), { stake: 3, clippedBy: null, reason: null });
  t.deepEqual(applyLimits(3, { maxUnitsPerBet: null, maxUnitsPerDay: null, unitsPlacedToday: 0 }), { stake: 3, clippedBy: null, reason: null });
  t.deepEqual(applyLimits(1, { maxUnitsPerBet: 2, maxUnitsPerDay: 3, unitsPlacedToday: 1 }), { stake: 1, clippedBy: null, reason: null });
});

test('limits are never exceeded', (t) => {
  const random = mulberry32(5);
  for (let round = 0; round < 1000; round++) {
    const limits = {
      maxUnitsPerBet: random() < 0.3 ? null : 0.1 + random() * 5,
      maxUnitsPerDay: random() < 0.3 ? null : 0.1 + random() * 10,
      unitsPlacedToday: random() * 12,
    };
    const { stake } = applyLimits(random() * 20, limits);
    t.true(stake >= 0);
    if (limits.maxUnitsPerBet !== null) t.true(stake <= limits.maxUnitsPerBet);
    if (limits.maxUnitsPerDay !== null) t.true(limits.unitsPlacedToday + stake <= limits.maxUnitsPerDay + 1e-9 || stake === 0);
  }
});

test('malformed limits are refused', (t) => {
  t.throws(() => applyLimits(1, { maxUnitsPerBet: 0, unitsPlacedToday: 0 }));
  t.throws(() => applyLimits(1, { unitsPlacedToday: -1 }));
});
