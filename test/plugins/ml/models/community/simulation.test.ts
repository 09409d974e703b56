import test from 'ava';
import { DAY_MS } from '../../../../../src/plugins/ml/models/community/community-bet.ts';
import { settleNet, simulateCommunity } from '../../../../../src/plugins/ml/models/community/simulation.ts';

const small = { members: 60, days: 70 };

test('the same seed gives the same community, byte for byte', (t) => {
  const a = simulateCommunity({ seed: 5, ...small });
  const b = simulateCommunity({ seed: 5, ...small });
  t.is(JSON.stringify(a), JSON.stringify(b));
});

test('a different seed gives a different community', (t) => {
  const a = simulateCommunity({ seed: 5, ...small });
  const b = simulateCommunity({ seed: 6, ...small });
  t.not(JSON.stringify(a.bets), JSON.stringify(b.bets));
});

test('the output says it is simulated and bets are ordered with ids 1..n', (t) => {
  const sim = simulateCommunity({ seed: 9, ...small });
  t.true(sim.simulated);
  t.true(sim.bets.length > 100);
  sim.bets.forEach((b, i) => {
    t.is(b.id, i + 1);
    if (i > 0) t.true(b.placedAt >= sim.bets[i - 1].placedAt);
  });
});

test('every archetype label and churn day matches a member', (t) => {
  const sim = simulateCommunity({ seed: 11, ...small });
  t.is(Object.keys(sim.labels.archetype).length, sim.members.length);
  for (const id of sim.labels.churned) t.is(typeof sim.labels.churnDay[id], 'number');
});

test('churned members never bet on or after their churn day', (t) => {
  const sim = simulateCommunity({ seed: 12, members: 120, days: 90 });
  t.true(sim.labels.churned.length > 0);
  for (const id of sim.labels.churned) {
    const cutoff = sim.startTime + sim.labels.churnDay[id] * DAY_MS;
    t.false(sim.bets.some((b) => b.memberId === id && b.placedAt >= cutoff), id);
  }
});

test('injected after-kick-off bets are after kick-off and no other bet is', (t) => {
  const sim = simulateCommunity({ seed: 13, members: 300, days: 60 });
  const late = new Set(sim.labels.anomalies.flatMap((a) => (a.kind === 'after_kickoff' ? [a.betId] : [])));
  t.true(late.size > 0);
  for (const b of sim.bets) {
    if (b.startTime === null) continue;
    t.is(b.placedAt > b.startTime, late.has(b.id), `bet ${b.id}`);
  }
});

test('injected streaks are 15 consecutive won bets of the member at odds of at least 2.0', (t) => {
  const sim = simulateCommunity({ seed: 14, members: 300, days: 90 });
  const streaks = sim.labels.anomalies.flatMap((a) => (a.kind === 'win_streak' ? [a] : []));
  t.true(streaks.length > 0);
  for (const s of streaks) {
    const own = sim.bets.filter((b) => b.memberId === s.memberId).map((b) => b.id);
    const start = own.indexOf(s.betIds[0]);
    t.deepEqual(own.slice(start, start + 15), s.betIds);
    for (const id of s.betIds) {
      const bet = sim.bets[id - 1];
      t.is(bet.result, 'won');
      t.true(bet.decimal >= 2);
    }
  }
});

test('injected stake spikes are at least about ten times the member usual stake', (t) => {
  const sim = simulateCommunity({ seed: 15, members: 300, days: 60 });
  const spikes = sim.labels.anomalies.flatMap((a) => (a.kind === 'stake_spike' ? [a] : []));
  t.true(spikes.length > 0);
  for (const s of spikes) {
    const member = sim.members.find((m) => m.id === s.memberId);
    t.true(sim.bets[s.betId - 1].units >= 9.5 * (member?.stakeMedian ?? Infinity));
  }
});

test('net units agree with result, stake and price on every bet', (t) => {
  const sim = simulateCommunity({ seed: 16, ...small });
  for (const b of sim.bets) {
    if (b.result === 'pending' || b.result === 'void') t.fail('the simulation only settles bets');
    else t.is(b.net, settleNet(b.result, b.units, b.decimal));
  }
});
