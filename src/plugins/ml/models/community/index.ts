/**
 * Community models of the ml plugin: the training entry points (all scored on SIMULATED communities, since
 * real guilds carry no labels) and the inference functions the plugin runs on a real guild's bets.
 */
import { trainAnomalies } from './anomaly-evaluation.ts';
import { trainChurn } from './churn.ts';
import { trainSegments } from './segments.ts';
import { trainTrends } from './trends.ts';

/** One trainable community model. Artefacts are plain JSON; training is deterministic for a seed. */
export interface CommunityModelSpec {
  name: 'trends' | 'churn' | 'segments' | 'anomalies';
  train(opts: { seed: number; onProgress?: (done: number, total: number) => void }): Promise<{ artefact: unknown; metrics: Record<string, number> }>;
}

export const communityModels: CommunityModelSpec[] = [
  { name: 'trends', train: trainTrends },
  { name: 'churn', train: trainChurn },
  { name: 'segments', train: trainSegments },
  { name: 'anomalies', train: trainAnomalies },
];

export { communityBetSchema, parseCommunityBets, type CommunityBet } from './community-bet.ts';
export { dailyBetCounts, dailyNetUnits, cumulative } from './daily-series.ts';
export { forecastSeries, trendsArtefactSchema, type ForecastMethod, type SeriesForecaster, type TrendsArtefact } from './trends.ts';
export { churnRisk, churnArtefactSchema, type ChurnArtefact, type ChurnRisk, type MemberActivity } from './churn.ts';
export { memberFeatures, type MemberFeatures } from './member-features.ts';
export { segmentMembers, segmentsArtefactSchema, type MemberSegment, type SegmentsArtefact } from './segments.ts';
export { detectAnomalies, type AnomalyScores, type AnomalyThresholds, type BetAnomaly, type MemberAnomaly } from './anomalies.ts';
export type { AnomaliesArtefact } from './anomaly-evaluation.ts';
export { simulateCommunity, type SimulatedCommunity } from './simulation.ts';
