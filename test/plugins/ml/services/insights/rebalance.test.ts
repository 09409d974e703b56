import test from 'ava';
import { exposure, rebalanceSuggestions, type OpenBet } from '../../../../../src/plugins/ml/services/insights/rebalance.ts';
import { near } from './near.ts';

const straight = (betId: number, units: number, team: string, sport = 'soccer'): OpenBet => ({ betId, units, legs: [{ team, sport }] });

test('exposure adds units at risk per team and per sport, largest first', (t) => {
  const open = exposure([straight(1, 2, 'Arsenal'), straight(2, 1, 'Chelsea'), straight(3, 1, 'Lakers', 'basketball'), straight(4, 1, ' arsenal ')]);
  t.is(open.totalUnits, 5);
  t.deepEqual(
    open.byTeam.map((e) => [e.name, e.units, e.bets]),
    [
      ['Arsenal', 3, 2],
      ['Chelsea', 1, 1],
      ['Lakers', 1, 1],
    ],
  );
  near(t, open.byTeam[0].share, 0.6);
  t.deepEqual(open.bySport.map((e) => [e.name, e.units]), [['soccer', 4], ['basketball', 1]]);
});

test('a parlay puts its whole stake at risk on each of its teams, once per team', (t) => {
  const open = exposure([
    { betId: 1, units: 2, legs: [{ team: 'Arsenal', sport: 'soccer' }, { team: 'Lakers', sport: 'basketball' }, { team: 'Arsenal', sport: 'soccer' }] },
    straight(2, 2, 'Chelsea'),
  ]);
  t.is(open.totalUnits, 4);
  t.deepEqual(open.byTeam.map((e) => [e.name, e.units]), [['Arsenal', 2], ['Chelsea', 2], ['Lakers', 2]]);
  t.deepEqual(open.bySport.map((e) => [e.name, e.units]), [['soccer', 4], ['basketball', 2]]);
});

test('a team above 40% of meaningful open exposure gets a suggestion to hold back, never to stake more elsewhere', (t) => {
  const { suggestions } = rebalanceSuggestions([straight(1, 2.5, 'Arsenal'), straight(2, 2, 'Arsenal'), straight(3, 3, 'Chelsea'), straight(4, 2.5, 'Lakers', 'basketball')]);
  // Arsenal 4.5 of 10 = 45%; soccer 7.5 of 10 = 75%; Chelsea exactly 30%.
  t.deepEqual(suggestions.map((s) => [s.kind, s.name]), [['team', 'Arsenal'], ['sport', 'soccer']]);
  t.is(
    suggestions[0].message,
    '45% of your open exposure (4.50 of 10.00 units) rides on Arsenal. Consider holding off on new bets involving Arsenal until some of these settle.',
  );
  for (const s of suggestions) t.notRegex(s.message, /\bmore\b|increase|raise|bigger|higher/i);
});

test('a share exactly at the threshold is not flagged, just above it is', (t) => {
  const at = rebalanceSuggestions([straight(1, 4, 'Arsenal'), straight(2, 3, 'Chelsea'), straight(3, 3, 'Spurs')], { maxShare: 0.4 });
  t.deepEqual(at.suggestions.filter((s) => s.kind === 'team'), []);
  const above = rebalanceSuggestions([straight(1, 4.1, 'Arsenal'), straight(2, 3, 'Chelsea'), straight(3, 2.9, 'Spurs')], { maxShare: 0.4 });
  t.deepEqual(above.suggestions.filter((s) => s.kind === 'team').map((s) => s.name), ['Arsenal']);
});

test('small or thin exposure gets no suggestions', (t) => {
  // Two bets: one is trivially half of everything.
  t.deepEqual(rebalanceSuggestions([straight(1, 5, 'Arsenal'), straight(2, 1, 'Chelsea')]).suggestions, []);
  // Three bets worth 1.5 units together: below the 3-unit minimum.
  t.deepEqual(rebalanceSuggestions([straight(1, 1, 'Arsenal'), straight(2, 0.25, 'Chelsea'), straight(3, 0.25, 'Spurs')]).suggestions, []);
  t.deepEqual(rebalanceSuggestions([]).suggestions, []);
});

test('the share and minimums are configurable', (t) => {
  const bets = [straight(1, 1, 'Arsenal'), straight(2, 0.25, 'Chelsea'), straight(3, 0.25, 'Spurs', 'basketball')];
  const { suggestions } = rebalanceSuggestions(bets, { minTotalUnits: 1, maxShare: 0.5 });
  t.deepEqual(suggestions.map((s) => s.name), ['Arsenal', 'soccer']);
});

test('legs without a team or sport count in the total only', (t) => {
  const open = exposure([{ betId: 'x', units: 2, legs: [{ team: null, sport: null }] }, straight(2, 2, 'Arsenal')]);
  t.is(open.totalUnits, 4);
  t.deepEqual(open.byTeam.map((e) => [e.name, e.share]), [['Arsenal', 0.5]]);
});

test('malformed bets are refused', (t) => {
  t.throws(() => exposure([{ betId: 1, units: 0, legs: [{ team: 'A', sport: null }] }]));
  t.throws(() => exposure([{ betId: 1, units: 1, legs: [] }]));
});
