import { OUTCOME_NOTES } from './model-notes.ts';
import type { OutcomeArtefact } from './artefact.ts';
import type { FootballDataset } from './dataset.ts';
import { demargin, outcomeIndex, probsToArray } from './demargin.ts';
import { artefactBase, prepareTraining, type FootballTrainingData, type FootballTrainOptions, type FootballTrainResult } from './football-training.ts';
import { logLoss } from './metrics.ts';
import { searchNetworks } from './network-search.ts';
import { marketResidualToProbs, OutcomeModel } from './outcome-model.ts';
import { scoreOutcome } from './outcome-evaluation.ts';
import { runNet, type NetConfig, type Sample } from './network.ts';
import type { MatchWithPreMatch } from './pre-match.ts';

/**
 * Configurations tried on the validation season. Small steps because the network starts from the market
 * (a correction near zero) and per-pattern SGD on ~35k rows is noisy at larger rates; sigmoid throughout
 * because brain.js applies one activation to every layer and the outputs must stay in (0, 1).
 */
export const DEFAULT_OUTCOME_SEARCH: readonly NetConfig[] = [
  { hiddenLayers: [4], activation: 'sigmoid', learningRate: 0.001, momentum: 0.1, epochs: 16 },
  { hiddenLayers: [8], activation: 'sigmoid', learningRate: 0.001, momentum: 0.1, epochs: 24 },
  { hiddenLayers: [8], activation: 'sigmoid', learningRate: 0.0003, momentum: 0.1, epochs: 24 },
  { hiddenLayers: [16], activation: 'sigmoid', learningRate: 0.0005, momentum: 0.1, epochs: 16 },
];

/** Probability floor after the market correction. */
const OUTPUT_FLOOR = 0.001;

/** Network input and target for one match: target o_k = (y_k − m_k + 1) / 2, the market's error rescaled. */
function outcomeSample(row: MatchWithPreMatch, data: FootballTrainingData): Sample {
  const market = probsToArray(demargin(row.match.open));
  const y = outcomeIndex(row.match.ftHome, row.match.ftAway);
  return {
    input: data.input(row),
    output: market.map((m, k) => ((k === y ? 1 : 0) - m + 1) / 2),
  };
}

/**
 * Trains the outcome model: features from every match in kick-off order (no leakage, see
 * {@link extractPreMatch}), fit on the seasons before the validation season, settings (configuration and
 * epoch) chosen by log-loss on the validation season. Deterministic for a seed: same seed and data give the
 * same artefact except `card.trainedAt`.
 */
export async function trainOutcomeModel(
  dataset: FootballDataset,
  options: FootballTrainOptions,
): Promise<FootballTrainResult<OutcomeArtefact>> {
  const data = prepareTraining(dataset, options);
  const { split } = data;
  const fitSamples = split.fit.map((r) => outcomeSample(r, data));
  const validation = split.validation.map((r) => ({
    input: data.input(r),
    market: probsToArray(demargin(r.match.open)),
    y: outcomeIndex(r.match.ftHome, r.match.ftAway),
  }));

  const result = await searchNetworks(
    fitSamples,
    options.search ?? DEFAULT_OUTCOME_SEARCH,
    options.seed,
    (net) => logLoss(validation.map((v) => ({ p: marketResidualToProbs(v.market, runNet(net, v.input), OUTPUT_FLOOR), y: v.y }))),
    options.onProgress,
  );

  const draft: OutcomeArtefact = {
    ...artefactBase(data, dataset, options, { model: 'outcome', result, digits: 4, notes: OUTCOME_NOTES }),
    net: result.bestNet as unknown as OutcomeArtefact['net'],
    output: { kind: 'market-residual', floor: OUTPUT_FLOOR },
  };
  const model = new OutcomeModel(draft);
  const val = scoreOutcome(model, split.validation);
  const fit = scoreOutcome(model, split.fit);
  const metrics: Record<string, number> = {
    validation_n: val.n,
    validation_logloss: val.logloss,
    validation_accuracy: val.accuracy,
    validation_brier: val.brier,
    validation_ece: val.ece,
    validation_market_open_logloss: val.market_open_logloss,
    validation_market_close_logloss: val.market_close_logloss,
    validation_market_open_accuracy: val.market_open_accuracy,
    fit_logloss: fit.logloss,
    fit_market_open_logloss: fit.market_open_logloss,
  };
  draft.card.metrics = metrics;
  return { artefact: draft, metrics };
}
