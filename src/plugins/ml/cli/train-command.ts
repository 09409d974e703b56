import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeArtefact, ARTEFACT_DIR } from '../models/football/artefact.ts';
import {
  FootballModelError,
  loadFootballDataset,
  trainMovementModel,
  trainOutcomeModel,
  type FootballDataset,
} from '../models/football/index.ts';
import { ALL_MODELS, FOOTBALL_MODELS, type ModelName, type TrainArgs } from './args.ts';
import { CommunityModelsUnavailable, loadCommunityModels, type CommunityModelSpec } from './community-loader.ts';
import { createProgress } from './progress.ts';

/** Default training data: the shared football CSVs beside the repository (absent in a fresh checkout). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../../../shared/data/football/', import.meta.url));

/** What one trained model reports on stdout. */
export interface TrainedLine {
  model: ModelName;
  artefact: string;
  metrics: Record<string, number>;
}

/** Result of `ml train`: lines for the models trained, and one-line errors for those that could not be. */
export interface TrainOutcome {
  trained: TrainedLine[];
  errors: string[];
}

async function defaultDataFiles(): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(DEFAULT_DATA_DIR);
  } catch (cause) {
    throw new FootballModelError(
      'ML_DATA_FILE_UNREADABLE',
      `no --data given and the shared football data (${DEFAULT_DATA_DIR}) is not there`,
      { cause },
    );
  }
  return names.filter((n) => n.endsWith('.csv')).sort().map((n) => join(DEFAULT_DATA_DIR, n));
}

/**
 * `ml train`: trains the chosen model (or all), writes `<out-dir>/<model>.json` and returns a line per
 * model. Football models read `--data` (default: the shared CSVs); community models simulate their own data.
 */
export async function runTrain(args: TrainArgs): Promise<TrainOutcome> {
  const models: readonly ModelName[] = args.model ? [args.model] : ALL_MODELS;
  const outDir = args['out-dir'] ?? ARTEFACT_DIR;
  const trained: TrainedLine[] = [];
  const errors: string[] = [];

  let dataset: FootballDataset | undefined;
  let community: CommunityModelSpec[] | undefined;
  for (const model of models) {
    const path = join(outDir, `${model}.json`);
    const progress = createProgress(`train ${model}`);
    const common = { seed: args.seed, onProgress: (d: number, t: number) => progress.update(d, t) };
    let result: { artefact: unknown; metrics: Record<string, number> };
    if ((FOOTBALL_MODELS as readonly string[]).includes(model)) {
      dataset ??= await loadFootballDataset(args.data ?? (await defaultDataFiles()));
      result = model === 'outcome' ? await trainOutcomeModel(dataset, common) : await trainMovementModel(dataset, common);
    } else {
      try {
        community ??= await loadCommunityModels();
      } catch (err) {
        if (!(err instanceof CommunityModelsUnavailable)) throw err;
        errors.push(`${model}: ${err.message}`);
        continue;
      }
      const spec = community.find((c) => c.name === model);
      if (!spec) {
        errors.push(`${model}: the community module does not provide this model`);
        continue;
      }
      const trained = await spec.train(common);
      result = { artefact: withCommunityCard(model, args.seed, trained.artefact, trained.metrics), metrics: trained.metrics };
    }
    progress.finish();
    await writeArtefact(path, result.artefact);
    trained.push({ model, artefact: relative(process.cwd(), path) || path, metrics: result.metrics });
  }
  return { trained, errors };
}

/**
 * Every artefact the CLI writes opens with a model card. The community trainers return bare artefacts, so
 * the CLI adds a card holding what it knows for certain (name, seed, date, metrics); their own fields
 * describe data and features. An artefact that already has a card is written as it is. Loaders parsing with
 * non-strict zod objects ignore the extra key.
 */
function withCommunityCard(model: ModelName, seed: number, artefact: unknown, metrics: Record<string, number>): unknown {
  if (artefact === null || typeof artefact !== 'object' || Array.isArray(artefact) || 'card' in artefact) return artefact;
  const card = {
    model,
    version: 1,
    trainedAt: new Date().toISOString(),
    seed,
    metrics,
    notes: 'Trained on simulated communities by src/plugins/ml/models/community; see docs/ml.md, Community models.',
  };
  return { card, ...artefact };
}
