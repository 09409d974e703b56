import test from 'ava';
import { loadMovementModel, loadOutcomeModel, FootballModelError } from '../../../../../src/plugins/ml/models/football/index.ts';
import { evaluateOutcomeModel } from '../../../../../src/plugins/ml/models/football/outcome-evaluation.ts';
import { shippedMatches } from './shipped-data.ts';

// These use the committed artefacts (src/plugins/ml/artefacts), as the plugin does at start.

test('the outcome model predicts an upcoming game from stored ratings plus recent results', async (t) => {
  const model = await loadOutcomeModel();
  const history = await shippedMatches();
  const ratings = model.initialRatings();
  // The artefact's ratings already include this season: nothing is counted twice.
  t.is(ratings.recordAll(history), 0);
  const game = {
    country: 'england',
    league: 'premier-league',
    homeTeam: 'Arsenal',
    awayTeam: 'Chelsea',
    date: new Date('2023-08-20T15:00:00Z'),
    open: { home: 1.8, draw: 3.8, away: 4.5 },
  };
  const p = model.predictGame(ratings, game);
  t.true(Math.abs(p.probabilities.home + p.probabilities.draw + p.probabilities.away - 1) < 1e-9);
  t.true(Math.abs(p.market.home + p.market.draw + p.market.away - 1) < 1e-9);
  t.is(p.confidence, Math.max(p.probabilities.home, p.probabilities.draw, p.probabilities.away));
  t.is(p.pick, 'home');
  // A correction, not a new forecast: it stays near the market.
  t.true(Math.abs(p.probabilities.home - p.market.home) < 0.1);
  t.is(model.features(ratings, game).length, model.featureNames.length);
  // Ratings built from the shipped history alone also work (cold start, no artefact ratings).
  const cold = model.predictGame(model.ratingsFrom(history), game);
  t.true(cold.probabilities.home > 0 && cold.probabilities.home < 1);
});

test('the movement model predicts changes and alerts only beyond the large-move threshold', async (t) => {
  const model = await loadMovementModel();
  const game = {
    country: 'spain',
    league: 'laliga',
    homeTeam: 'Barcelona',
    awayTeam: 'Getafe',
    date: new Date('2023-08-20T15:00:00Z'),
    open: { home: 1.3, draw: 5.5, away: 10 },
  };
  const m = model.predictGame(model.initialRatings(), game);
  for (const o of ['home', 'draw', 'away'] as const) {
    t.true(Math.abs(m.change[o]) < 0.2);
    t.is(m.alerts.includes(o), Math.abs(m.change[o]) > model.largeMove);
  }
});

test('evaluating the shipped season warms ratings up from empty and scores every priced match', async (t) => {
  const model = await loadOutcomeModel();
  const report = evaluateOutcomeModel(model, await shippedMatches());
  t.is(report.n, 380);
  t.is(report.market_open_accuracy >= 0 && report.market_open_accuracy <= 1, true);
  t.true(report.logloss > 0.8 && report.logloss < 1.2);
});

test('a missing artefact is a coded error', async (t) => {
  const err = await t.throwsAsync(loadOutcomeModel('/nonexistent/outcome.json'));
  t.true(err instanceof FootballModelError);
  t.is((err as FootballModelError).code, 'ML_ARTEFACT_MISSING');
});
