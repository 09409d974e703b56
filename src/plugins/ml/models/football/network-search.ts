import type { SearchEntry } from './artefact.ts';
import { trainNetwork, type NetConfig, type NetJSON, type Net, type Sample } from './network.ts';
import type { SeasonSplit } from './season-split.ts';

/** Outcome of {@link searchNetworks}: the best configuration's weights and every configuration's score. */
export interface NetworkSearchResult {
  best: SearchEntry;
  bestNet: NetJSON;
  search: SearchEntry[];
}

/**
 * Trains one network per configuration (same seed for each, so they differ only by their settings), scores
 * it on the validation rows after every epoch and keeps the weights of the best (configuration, epoch).
 * Ties go to the earlier one, so the result is deterministic.
 *
 * @param samples - fit rows
 * @param configs - configurations to try
 * @param seed - seed of every run
 * @param score - validation score of a network (lower is better)
 * @param onProgress - called after each epoch with epochs done and total over all configurations
 */
export async function searchNetworks(
  samples: readonly Sample[],
  configs: readonly NetConfig[],
  seed: number,
  score: (net: Net) => number,
  onProgress?: (done: number, total: number) => void,
): Promise<NetworkSearchResult> {
  const total = configs.reduce((sum, c) => sum + c.epochs, 0);
  let done = 0;
  let best: { entry: SearchEntry; net: NetJSON } | undefined;
  const search: SearchEntry[] = [];
  for (const config of configs) {
    let own: { bestEpoch: number; score: number; net: NetJSON } | undefined;
    await trainNetwork(samples, config, seed, (epoch, net) => {
      const s = score(net);
      if (!own || s < own.score) own = { bestEpoch: epoch, score: s, net: net.toJSON() };
      done += 1;
      onProgress?.(done, total);
    });
    if (!own) continue;
    const entry: SearchEntry = { config, bestEpoch: own.bestEpoch, score: own.score };
    search.push(entry);
    if (!best || entry.score < best.entry.score) best = { entry, net: own.net };
  }
  if (!best) throw new Error('no configuration to search');
  return { best: best.entry, bestNet: best.net, search };
}

/** A search entry with its score rounded, so the card stays readable (weights are never rounded). */
export function roundSearchEntry(entry: SearchEntry, digits: number): SearchEntry {
  const f = 10 ** digits;
  return { ...entry, score: Math.round(entry.score * f) / f };
}

/**
 * The model card both football trainers write: what was fitted on what, and the search. Metrics start empty and
 * are filled by the trainer once the model is scored. Key order is fixed, so artefacts stay byte-identical.
 */
export function searchModelCard<M extends 'outcome' | 'movement'>(input: {
  model: M;
  seed: number;
  now?: Date;
  files: string[];
  split: SeasonSplit;
  features: string[];
  result: NetworkSearchResult;
  digits: number;
  notes: string;
}) {
  return {
    model: input.model,
    version: 1 as const,
    trainedAt: (input.now ?? new Date()).toISOString(),
    seed: input.seed,
    data: {
      files: input.files,
      seasons: { fit: input.split.fitSeasons, validation: input.split.validationSeason },
      n: { fit: input.split.fit.length, validation: input.split.validation.length },
    },
    features: input.features,
    settings: roundSearchEntry(input.result.best, input.digits),
    search: input.result.search.map((e) => roundSearchEntry(e, input.digits)),
    metrics: {} as Record<string, number>,
    notes: input.notes,
  };
}
