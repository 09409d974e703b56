import test from 'ava';
import { detectAnomalies, scoreAnomalies } from '../../../../../src/plugins/ml/models/community/anomalies.ts';
import { history } from './community-bets.ts';

test('a normal history raises no flag', (t) => {
  const bets = history('alice', 60, (i) => ({ units: [1, 1.2, 0.8, 1.5][i % 4] }));
  t.deepEqual(detectAnomalies(bets), { bets: [], members: [] });
});

test('a bet placed after kick-off is flagged with the minutes in the reason', (t) => {
  const bets = history('bob', 30);
  bets[12].startTime = bets[12].placedAt - 23 * 60_000;
  const { bets: flags } = detectAnomalies(bets);
  t.is(flags.length, 1);
  t.like(flags[0], { betId: 13, kind: 'after_kickoff', memberId: 'bob' });
  t.regex(flags[0].reason, /23 min after kick-off/);
});

test('a bet without a kick-off time is never an after-kick-off flag', (t) => {
  const bets = history('carol', 5, () => ({ startTime: null }));
  t.deepEqual(detectAnomalies(bets).bets, []);
});

test('a stake twenty times the usual is flagged, a doubled one is not', (t) => {
  const bets = history('dave', 40, (i) => ({ units: i === 20 ? 20 : i === 30 ? 2 : 1 }));
  const flags = detectAnomalies(bets).bets.filter((f) => f.kind === 'stake_spike');
  t.deepEqual(flags.map((f) => f.betId), [21]);
  t.regex(flags[0].reason, /20\.0× this member's median stake of 1\.00u/);
});

test('stake spikes need ten bets of history', (t) => {
  const bets = history('erin', 9, (i) => ({ units: i === 4 ? 50 : 1 }));
  t.deepEqual(detectAnomalies(bets).bets, []);
});

test('fifteen straight wins at 2.0 or more are flagged with the bets of the run', (t) => {
  const bets = history('frank', 80, (i) => (i >= 30 && i < 45 ? { decimal: 2.2, result: 'won', net: 1.2 } : {}));
  const { members } = detectAnomalies(bets);
  t.is(members.length, 1);
  t.is(members[0].memberId, 'frank');
  t.deepEqual(members[0].betIds, bets.slice(30, 45).map((b) => b.id));
  t.regex(members[0].reason, /^15 wins in a row/);
});

test('the same run at short odds (1.2) is plausible and not flagged', (t) => {
  const bets = history('gina', 80, (i) => (i >= 30 && i < 45 ? { decimal: 1.2, result: 'won', net: 0.2 } : {}));
  const streak = scoreAnomalies(bets).members[0];
  t.false(streak.flagged);
  t.is(detectAnomalies(bets).members.length, 0);
});

test('pushes neither break nor extend a streak', (t) => {
  const bets = history('hank', 80, (i) => {
    if (i === 37) return { result: 'push', net: 0 };
    if (i === 46) return { result: 'lost', net: -1 };
    return i >= 30 && i < 46 ? { decimal: 2.2, result: 'won', net: 1.2 } : {};
  });
  t.is(detectAnomalies(bets).members[0]?.betIds.length, 15);
});

test('scores rank an injected streak above honest members', (t) => {
  const honest = history('ivy', 80, (i) => ({ decimal: 2.5, result: i % 3 === 0 ? 'won' : 'lost' }));
  const cheat = history('jack', 80, (i) => (i >= 10 && i < 25 ? { decimal: 2.5, result: 'won' } : {}), 1000);
  const scores = scoreAnomalies([...honest, ...cheat]).members;
  const by = Object.fromEntries(scores.map((s) => [s.memberId, s.score]));
  t.true(by.jack > by.ivy);
});
