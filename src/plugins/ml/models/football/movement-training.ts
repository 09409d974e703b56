import type { MovementArtefact } from './artefact.ts';
import type { FootballDataset } from './dataset.ts';
import { artefactBase, prepareTraining, type FootballTrainOptions, type FootballTrainResult } from './football-training.ts';
import { MOVEMENT_NOTES } from './model-notes.ts';
import { actualChange, scoreMovement } from './movement-evaluation.ts';
import { MovementModel } from './movement-model.ts';
import { runNet, type NetConfig, type Sample } from './network.ts';
import { searchNetworks } from './network-search.ts';

/** Configurations tried on the validation season (sigmoid: the outputs encode 0.5 + scale·Δp in (0, 1)). */
export const DEFAULT_MOVEMENT_SEARCH: readonly NetConfig[] = [
  { hiddenLayers: [8], activation: 'sigmoid', learningRate: 0.01, momentum: 0.1, epochs: 30 },
  { hiddenLayers: [16], activation: 'sigmoid', learningRate: 0.02, momentum: 0.1, epochs: 30 },
  { hiddenLayers: [16], activation: 'sigmoid', learningRate: 0.005, momentum: 0.1, epochs: 30 },
];

/** Δp is encoded as 0.5 + SCALE·Δp: moves up to ±0.2 fit the sigmoid's range; larger ones are clipped. */
const SCALE = 2.5;
/** A "large" move: |Δp| above 3 percentage points of de-margined probability. */
const LARGE_MOVE = 0.03;
/** Moves within ±1 point are too small to call a direction. */
const DIRECTION_THRESHOLD = 0.01;

/**
 * Trains the price-movement model on the same pre-match features as the outcome model. Split, search and
 * determinism as in {@link trainOutcomeModel}; settings chosen by mean absolute error on the validation season.
 */
export async function trainMovementModel(
  dataset: FootballDataset,
  options: FootballTrainOptions,
): Promise<FootballTrainResult<MovementArtefact>> {
  const data = prepareTraining(dataset, options);
  const { split } = data;
  const toSample = (r: (typeof split.fit)[number]): Sample & { actual: number[] } => {
    const actual = actualChange(r.match);
    return {
      input: data.input(r),
      output: actual.map((d) => Math.min(1, Math.max(0, 0.5 + SCALE * d))),
      actual,
    };
  };
  const fitSamples = split.fit.map(toSample);
  const validation = split.validation.map(toSample);

  const result = await searchNetworks(
    fitSamples,
    options.search ?? DEFAULT_MOVEMENT_SEARCH,
    options.seed,
    (net) => {
      let ae = 0;
      for (const v of validation) {
        const out = runNet(net, v.input);
        for (let k = 0; k < 3; k++) ae += Math.abs((out[k] - 0.5) / SCALE - v.actual[k]);
      }
      return ae / (3 * validation.length);
    },
    options.onProgress,
  );

  const draft: MovementArtefact = {
    ...artefactBase(data, dataset, options, { model: 'movement', result, digits: 6, notes: MOVEMENT_NOTES }),
    net: result.bestNet as unknown as MovementArtefact['net'],
    output: { kind: 'probability-change', scale: SCALE, largeMove: LARGE_MOVE, directionThreshold: DIRECTION_THRESHOLD },
  };
  const val = scoreMovement(new MovementModel(draft), split.validation);
  const metrics: Record<string, number> = {
    validation_n: val.n,
    validation_mae: val.mae,
    validation_baseline_mae: val.baseline_mae,
    validation_rmse: val.rmse,
    validation_baseline_rmse: val.baseline_rmse,
    validation_directional_accuracy: val.directional_accuracy,
    validation_large_moves: val.large_moves,
    validation_alerts: val.alerts,
    validation_alert_recall: val.alert_recall,
  };
  if (val.alert_precision !== null) metrics.validation_alert_precision = val.alert_precision;
  draft.card.metrics = metrics;
  return { artefact: draft, metrics };
}
