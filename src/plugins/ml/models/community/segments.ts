/**
 * Segmentation: k-means on standardised {@link SEGMENT_FEATURES}, each segment named from its centroid.
 * Scored by how well segments recover the archetypes of a SIMULATED community (adjusted Rand index, purity).
 */
import { z } from 'zod';
import { ARCHETYPES } from './archetypes.ts';
import { adjustedRandIndex, purity } from './clustering-metrics.ts';
import { kMeans, nearestCentroid } from './kmeans.ts';
import { memberFeatures, SEGMENT_FEATURES, type MemberFeatures, type SegmentFeature } from './member-features.ts';
import { simulateCommunity } from './simulation.ts';

export const segmentsArtefactSchema = z.object({
  kind: z.literal('community-segments'),
  features: z.array(z.string()),
  means: z.array(z.number()),
  stds: z.array(z.number()),
  /** Centroids in standardised units. */
  centroids: z.array(z.array(z.number())),
  names: z.array(z.string()),
});
export type SegmentsArtefact = z.infer<typeof segmentsArtefactSchema>;

export interface MemberSegment {
  memberId: string;
  segment: number;
  name: string;
}

/** Adjectives for a centroid far from the community average (|z| ≥ 0.75) on a feature. */
const DESCRIPTORS: Partial<Record<SegmentFeature, [low: string, high: string]>> = {
  logBetsPerDay: ['occasional', 'high-volume'],
  logMedianStake: ['small-stake', 'big-stake'],
  logMedianOdds: ['long-shot-averse', 'underdog'],
  sports: ['single-sport', 'multi-sport'],
  stakeSpread: ['flat-staking', 'erratic-staking'],
};

/**
 * Names a centroid (standardised units) by its two most distinctive traits, e.g. "high-volume flat-staking
 * bettors" or "small-stake parlay lovers". Favourites are the low end of odds, so they read as a noun.
 */
export function nameCentroid(centroid: readonly number[]): string {
  const z = (f: SegmentFeature) => centroid[SEGMENT_FEATURES.indexOf(f)];
  const noun = z('parlayShare') >= 0.75 ? 'parlay lovers' : z('logMedianOdds') <= -0.75 ? 'favourite backers' : 'bettors';
  const adjectives = (Object.entries(DESCRIPTORS) as [SegmentFeature, [string, string]][])
    .filter(([f]) => !(f === 'logMedianOdds' && noun === 'favourite backers'))
    .map(([f, [low, high]]) => ({ v: z(f), word: z(f) < 0 ? low : high }))
    .filter(({ v }) => Math.abs(v) >= 0.75)
    .sort((a, b) => Math.abs(b.v) - Math.abs(a.v))
    .slice(0, 2)
    .map(({ word }) => word);
  if (adjectives.length === 0 && noun === 'bettors') return 'typical bettors';
  return [...adjectives, noun].join(' ');
}

function fitSegments(members: readonly MemberFeatures[], k: number, seed: number): SegmentsArtefact {
  const d = SEGMENT_FEATURES.length;
  const means = Array.from({ length: d }, (_, j) => members.reduce((s, m) => s + m.values[j], 0) / members.length);
  const stds = means.map((mu, j) => {
    const v = members.reduce((s, m) => s + (m.values[j] - mu) ** 2, 0) / members.length;
    return v > 0 ? Math.sqrt(v) : 1;
  });
  const points = members.map((m) => m.values.map((v, j) => (v - means[j]) / stds[j]));
  const { centroids } = kMeans(points, k, { seed });
  const names = centroids.map(nameCentroid);
  // Two segments with the same description stay distinguishable.
  const seen = new Map<string, number>();
  const unique = names.map((n) => {
    const c = (seen.get(n) ?? 0) + 1;
    seen.set(n, c);
    return c === 1 ? n : `${n} (${c})`;
  });
  return { kind: 'community-segments', features: [...SEGMENT_FEATURES], means, stds, centroids, names: unique };
}

function assign(artefact: SegmentsArtefact, members: readonly MemberFeatures[]): MemberSegment[] {
  return members.map((m) => {
    const segment = nearestCentroid(m.values.map((v, j) => (v - artefact.means[j]) / artefact.stds[j]), artefact.centroids);
    return { memberId: m.memberId, segment, name: artefact.names[segment] };
  });
}

/**
 * Segments a real guild's members (features from {@link memberFeatures}). Given an artefact, each member goes
 * to the nearest trained centroid; given a number k, k-means is fitted on these members themselves (seed 1).
 */
export function segmentMembers(
  artefactOrK: SegmentsArtefact | number,
  features: readonly MemberFeatures[],
): { artefact: SegmentsArtefact; members: MemberSegment[] } {
  const artefact = typeof artefactOrK === 'number' ? fitSegments(features, artefactOrK, 1) : segmentsArtefactSchema.parse(artefactOrK);
  return { artefact, members: assign(artefact, features) };
}

/**
 * Fits k = 5 (the simulation's number of archetypes — known here, which flatters the result) on a simulation
 * (seed, 300 members, 120 days) and scores on it and on a held-out one (seed + 1000) assigned to the fixed
 * centroids.
 */
export async function trainSegments(opts: {
  seed: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ artefact: SegmentsArtefact; metrics: Record<string, number> }> {
  const train = simulateCommunity({ seed: opts.seed, members: 300, days: 120 });
  const trainFeatures = memberFeatures(train.bets);
  const artefact = fitSegments(trainFeatures, ARCHETYPES.length, opts.seed);
  opts.onProgress?.(1, 2);
  const test = simulateCommunity({ seed: opts.seed + 1000, members: 300, days: 120 });
  const testFeatures = memberFeatures(test.bets);
  opts.onProgress?.(2, 2);

  const score = (feats: MemberFeatures[], archetypes: Record<string, string>) => {
    const segs = assign(artefact, feats).map((s) => s.segment);
    const truth = feats.map((f) => archetypes[f.memberId]);
    return { ari: adjustedRandIndex(segs, truth), purity: purity(segs, truth) };
  };
  const fit = score(trainFeatures, train.labels.archetype);
  const held = score(testFeatures, test.labels.archetype);
  return {
    artefact,
    metrics: {
      k: ARCHETYPES.length,
      train_members: trainFeatures.length,
      train_ari: fit.ari,
      train_purity: fit.purity,
      test_members: testFeatures.length,
      test_ari: held.ari,
      test_purity: held.purity,
    },
  };
}
