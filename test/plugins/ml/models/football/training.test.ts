import test from 'ava';
import { serialiseArtefact } from '../../../../../src/plugins/ml/models/football/artefact.ts';
import type { FootballDataset } from '../../../../../src/plugins/ml/models/football/dataset.ts';
import { trainMovementModel } from '../../../../../src/plugins/ml/models/football/movement-training.ts';
import type { NetConfig } from '../../../../../src/plugins/ml/models/football/network.ts';
import { trainOutcomeModel } from '../../../../../src/plugins/ml/models/football/outcome-training.ts';
import { withSeededMathRandom } from '../../../../../src/index.ts';
import { twoPseudoSeasons } from './shipped-data.ts';

const SMALL: NetConfig[] = [
  { hiddenLayers: [4], activation: 'sigmoid', learningRate: 0.01, momentum: 0.1, epochs: 3 },
  { hiddenLayers: [3], activation: 'sigmoid', learningRate: 0.005, momentum: 0.1, epochs: 2 },
];

async function dataset(): Promise<FootballDataset> {
  return { matches: await twoPseudoSeasons(), files: ['epl.csv'], skippedRows: 0, impossibleBooks: 0 };
}

test('outcome training: same seed and data give byte-identical artefacts apart from trainedAt', async (t) => {
  const ds = await dataset();
  const a = await trainOutcomeModel(ds, { seed: 7, search: SMALL, now: new Date('2024-01-01T00:00:00Z') });
  const b = await trainOutcomeModel(ds, { seed: 7, search: SMALL, now: new Date('2025-06-01T00:00:00Z') });
  t.not(a.artefact.card.trainedAt, b.artefact.card.trainedAt);
  const strip = (x: typeof a.artefact) => serialiseArtefact({ ...x, card: { ...x.card, trainedAt: '' } });
  t.is(strip(b.artefact), strip(a.artefact));
  t.deepEqual(b.artefact.net.layers, a.artefact.net.layers);
  // A different seed gives different weights.
  const c = await trainOutcomeModel(ds, { seed: 8, search: SMALL, now: new Date('2024-01-01T00:00:00Z') });
  t.notDeepEqual(c.artefact.net.layers, a.artefact.net.layers);
});

test('outcome training fits on earlier seasons, validates on the latest and reports against the market', async (t) => {
  const { artefact, metrics } = await trainOutcomeModel(await dataset(), { seed: 1, search: SMALL });
  t.deepEqual(artefact.card.data.seasons, { fit: ['2022-H1'], validation: '2023-H2' });
  t.is(artefact.card.data.n.fit + artefact.card.data.n.validation, 380);
  t.is(artefact.card.search.length, 2);
  t.is(artefact.card.features.length, artefact.scaling.mean.length);
  t.true(metrics.validation_logloss > 0.5 && metrics.validation_logloss < 1.5);
  t.is(typeof metrics.validation_market_open_logloss, 'number');
  // The end-of-data ratings cover every team of the season.
  t.is(Object.keys(artefact.ratings.leagues['england/premier-league'].teams).length, 20);
});

test('movement training is deterministic too', async (t) => {
  const ds = await dataset();
  const a = await trainMovementModel(ds, { seed: 3, search: SMALL, now: new Date(0) });
  const b = await trainMovementModel(ds, { seed: 3, search: SMALL, now: new Date(0) });
  t.is(serialiseArtefact(b.artefact), serialiseArtefact(a.artefact));
  t.true(a.metrics.validation_baseline_mae > 0);
});

test('seeded Math.random is restored afterwards, even when the work throws', async (t) => {
  const original = Math.random;
  const first = await withSeededMathRandom(5, () => [Math.random(), Math.random()]);
  const again = await withSeededMathRandom(5, async () => [Math.random(), Math.random()]);
  t.deepEqual(again, first);
  t.is(Math.random, original);
  await t.throwsAsync(withSeededMathRandom(5, () => {
    throw new Error('boom');
  }));
  t.is(Math.random, original);
});

test('training with a single season is refused with a clear error', async (t) => {
  const ds = await dataset();
  const one = { ...ds, matches: ds.matches.map((m) => ({ ...m, season: '2022-2023' })) };
  const err = await t.throwsAsync(trainOutcomeModel(one, { seed: 1, search: SMALL }));
  t.regex(err?.message ?? '', /at least one season before the validation season/);
});
