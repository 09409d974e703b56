import test from 'ava';
import { DEFAULT_ELO_PARAMS } from '../../../../../src/plugins/ml/models/football/elo.ts';
import { RatingState, type PlayedMatch } from '../../../../../src/plugins/ml/models/football/rating-state.ts';
import { shippedMatches } from './shipped-data.ts';

const game = (home: string, away: string, iso: string, ftHome: number, ftAway: number): PlayedMatch => ({
  country: 'x',
  league: 'y',
  homeTeam: home,
  awayTeam: away,
  date: new Date(iso),
  ftHome,
  ftAway,
});

test('Elo is zero-sum, rewards the winner and regresses after an off-season break', (t) => {
  const s = RatingState.empty();
  s.record(game('A', 'B', '2020-08-01T15:00:00Z', 3, 0));
  const a = s.preMatch(game('A', 'B', '2020-08-08T15:00:00Z', 0, 0));
  t.true(a.home.rating > 1500);
  t.is(a.home.rating + a.away.rating, 3000);
  // 100 days later (> 60-day gap): A keeps 85 % of its distance from 1500.
  const later = s.preMatch(game('A', 'B', '2020-11-09T15:00:00Z', 0, 0));
  t.true(Math.abs(later.home.rating - (1500 + DEFAULT_ELO_PARAMS.offSeasonCarry * (a.home.rating - 1500))) < 1e-9);
});

test('a newcomer starts at the average in a new league and below it in an established one', (t) => {
  const s = RatingState.empty();
  s.record(game('A', 'B', '2020-08-01T15:00:00Z', 1, 1));
  t.is(s.preMatch(game('C', 'A', '2020-08-08T15:00:00Z', 0, 0)).home.rating, 1500);
  t.is(s.preMatch(game('C', 'A', '2021-08-08T15:00:00Z', 0, 0)).home.rating, 1500 + DEFAULT_ELO_PARAMS.newcomerOffset);
});

test('JSON round trip keeps the state; recordAll skips what the state already holds', async (t) => {
  const matches = await shippedMatches();
  const full = RatingState.fromHistory(matches);
  const restored = RatingState.fromJSON(JSON.parse(JSON.stringify(full.toJSON())));
  t.deepEqual(restored.toJSON(), full.toJSON());
  // Feeding the same history again records nothing (all at or before asOf).
  t.is(restored.recordAll(matches), 0);
  t.deepEqual(restored.toJSON(), full.toJSON());
  // Part of the season cut inside a kick-off shared by several matches, then the whole season: only the
  // missing matches (including the rest of that kick-off) are recorded, giving the same end state.
  const cut = matches.findIndex((m, i) => i > 150 && m.date.getTime() === matches[i - 1].date.getTime());
  const part = RatingState.fromHistory(matches.slice(0, cut));
  t.is(part.recordAll(matches), matches.length - cut);
  t.deepEqual(part.toJSON(), full.toJSON());
  t.is(full.teams('england', 'premier-league').length, 20);
});

test('fromJSON refuses a malformed state', (t) => {
  t.throws(() => RatingState.fromJSON({ params: {}, leagues: {} }));
});
