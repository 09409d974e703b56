import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FootballModelError } from './errors.ts';
import { scalingSchema } from './feature-vector.ts';
import { netConfigSchema, type NetJSON } from './network.ts';
import { ratingStateSchema } from './rating-state.ts';

/** Where `npm run ml -- train` writes artefacts and the loaders look by default. */
export const ARTEFACT_DIR = fileURLToPath(new URL('../../artefacts/', import.meta.url));

/** Default path of a model's artefact. */
export function defaultArtefactPath(model: string): string {
  return `${ARTEFACT_DIR}${model}.json`;
}

/** One configuration tried on the validation season and how it did there. */
export const searchEntrySchema = z.object({
  config: netConfigSchema,
  /** Epoch with the best validation score (its weights are the ones kept). */
  bestEpoch: z.number().int().positive(),
  /** Validation score at that epoch (log-loss for outcome, MAE for movement; lower is better). */
  score: z.number(),
});
export type SearchEntry = z.infer<typeof searchEntrySchema>;

/** The model card: what was trained on what, how, and how well. */
export const modelCardSchema = z.object({
  model: z.enum(['outcome', 'movement']),
  version: z.literal(1),
  /** The only field that differs between two trainings with the same seed and data. */
  trainedAt: z.string(),
  seed: z.number().int(),
  data: z.object({
    files: z.array(z.string()),
    seasons: z.object({ fit: z.array(z.string()), validation: z.string() }),
    n: z.object({ fit: z.number().int(), validation: z.number().int() }),
  }),
  features: z.array(z.string()),
  /** The configuration kept (best validation score), with its epoch. */
  settings: searchEntrySchema,
  search: z.array(searchEntrySchema),
  metrics: z.record(z.string(), z.number()),
  notes: z.string(),
});
export type ModelCard = z.infer<typeof modelCardSchema>;

/**
 * brain.js `toJSON()` output. Only the parts we rely on are checked; the rest (options, training options)
 * passes through unchanged for `fromJSON`.
 */
const netJsonSchema = z.looseObject({
  type: z.literal('NeuralNetwork'),
  sizes: z.array(z.number().int().positive()),
  layers: z.array(z.object({ weights: z.array(z.array(z.number())), biases: z.array(z.number()) })),
});

const baseShape = {
  card: modelCardSchema,
  /** League keys of the one-hot features, in order. */
  leagues: z.array(z.string()),
  scaling: scalingSchema,
  /** Ratings at the end of the training data (all files, all seasons), so upcoming games can be predicted. */
  ratings: ratingStateSchema,
  net: netJsonSchema,
};

/** Artefact of the 1X2 outcome model. */
export const outcomeArtefactSchema = z.object({
  ...baseShape,
  output: z.object({
    /** The network predicts a correction to the opening market: p = market + (2·out − 1), floored, renormalised. */
    kind: z.literal('market-residual'),
    floor: z.number().positive(),
  }),
});
export type OutcomeArtefact = z.infer<typeof outcomeArtefactSchema>;

/** Artefact of the price-movement model. */
export const movementArtefactSchema = z.object({
  ...baseShape,
  output: z.object({
    /** The network predicts Δp = close − open de-margined probability per selection as 0.5 + scale·Δp. */
    kind: z.literal('probability-change'),
    scale: z.number().positive(),
    /** |Δp| above this is a large move; a prediction above it raises an alert. */
    largeMove: z.number().positive(),
    /** Moves within ±this are left out of directional accuracy (too small to call a direction). */
    directionThreshold: z.number().nonnegative(),
  }),
});
export type MovementArtefact = z.infer<typeof movementArtefactSchema>;

/**
 * The brain.js JSON of an artefact. zod checked its shape; brain.js's own interface has more (loosely typed)
 * fields that pass through untouched, hence the cast.
 */
export function artefactNetJSON(artefact: OutcomeArtefact | MovementArtefact): NetJSON {
  return artefact.net as unknown as NetJSON;
}

/**
 * Serialises an artefact: one top-level key per line, the card indented (people read it), the rest compact
 * (ratings and weights are for machines and would triple in size indented). Key order follows construction,
 * so equal inputs give identical bytes.
 */
export function serialiseArtefact(artefact: unknown): string {
  // A round trip first applies what JSON.stringify would (toJSON methods, dropped undefined values).
  const plain: unknown = JSON.parse(JSON.stringify(artefact) ?? 'null');
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) return `${JSON.stringify(plain, null, 2)}\n`;
  const lines = Object.entries(plain).map(([key, value]) => {
    const body = key === 'card' ? JSON.stringify(value, null, 2).replaceAll('\n', '\n  ') : JSON.stringify(value);
    return `  ${JSON.stringify(key)}: ${body}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** Writes an artefact (see {@link serialiseArtefact}), creating the directory if needed. */
export async function writeArtefact(path: string, artefact: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, serialiseArtefact(artefact));
}

/** Reads and validates an artefact; a missing or malformed file is a {@link FootballModelError}. */
export async function readArtefact<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new FootballModelError(
      'ML_ARTEFACT_MISSING',
      `no model artefact at ${path}; run \`npm run ml -- train\` first`,
      { cause },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new FootballModelError('ML_ARTEFACT_INVALID', `${path} is not valid JSON`, { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new FootballModelError(
      'ML_ARTEFACT_INVALID',
      `${path} is not a valid model artefact (${first?.path.join('.') ?? ''}: ${first?.message ?? 'bad shape'})`,
    );
  }
  return parsed.data;
}
