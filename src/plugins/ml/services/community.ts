import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  churnArtefactSchema,
  churnRisk,
  dailyBetCounts,
  detectAnomalies,
  forecastSeries,
  memberFeatures,
  segmentMembers,
  segmentsArtefactSchema,
  trendsArtefactSchema,
  type CommunityBet,
} from '../models/community/index.ts';
import type { MlContext } from './context.ts';

const ARTEFACTS = fileURLToPath(new URL('../artefacts/', import.meta.url));
const DAY = 86_400_000;

async function artefact(ctx: MlContext, name: string): Promise<unknown> {
  return JSON.parse(await readFile(join(ctx.options.artefactDir ?? ARTEFACTS, `${name}.json`), 'utf8')) as unknown;
}

/** A server's bets as the community models read them (cancelled bets left out; kick-off from the game). */
export async function communityBets(ctx: MlContext, guildId: string, since: number): Promise<CommunityBet[]> {
  const bets = await ctx.use('betting').betsSince(guildId, since);
  return bets.map((b) => ({
    id: b.id,
    memberId: b.userId,
    placedAt: b.placedAt,
    startTime: b.startTime,
    units: b.units,
    decimal: b.decimal,
    result: (['won', 'lost', 'push', 'void'].includes(b.status) ? b.status : 'pending') as CommunityBet['result'],
    net: b.net,
    sport: b.sport,
    team: b.team,
    type: b.type,
  }));
}

export interface CommunityReport {
  bets: number;
  members: number;
  forecast: { method: string; next7: number[] };
  atRisk: { memberId: string; risk: number; reasons: string[] }[];
  segments: { name: string; members: number }[];
  anomalies: { memberId: string; reason: string }[];
}

/**
 * The community models on a real server's last 180 days: next week's volume, members at risk of leaving, segments
 * and anomalies. Trained on a documented simulation (docs/ml.md), so these are pointers for a moderator to look
 * at, not verdicts.
 */
export async function communityReport(ctx: MlContext, guildId: string, now = Date.now()): Promise<CommunityReport> {
  const since = now - 180 * DAY;
  const bets = await communityBets(ctx, guildId, since);
  const origin = Math.floor(since / DAY) * DAY;
  const days = Math.ceil((now - origin) / DAY);
  const trends = trendsArtefactSchema.parse(await artefact(ctx, 'trends'));
  const forecast = forecastSeries(trends.volume, dailyBetCounts(bets, origin, days), 7);
  const churn = churnArtefactSchema.parse(await artefact(ctx, 'churn'));
  const risks = bets.length ? churnRisk(churn, { asOf: now, bets }) : [];
  const features = memberFeatures(bets.filter((b) => b.result !== 'pending'));
  const segments = features.length ? segmentMembers(segmentsArtefactSchema.parse(await artefact(ctx, 'segments')), features).members : [];
  const counts = new Map<string, number>();
  for (const s of segments) counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
  const found = detectAnomalies(bets);
  return {
    bets: bets.length,
    members: new Set(bets.map((b) => b.memberId)).size,
    forecast: { method: forecast.method, next7: forecast.values },
    atRisk: risks.filter((r) => r.flagged && !r.lapsed).slice(0, 5).map((r) => ({ memberId: r.memberId, risk: r.risk, reasons: r.reasons })),
    segments: [...counts].map(([name, members]) => ({ name, members })).sort((a, b) => b.members - a.members),
    anomalies: [
      ...found.bets.filter((a) => a.flagged).map((a) => ({ memberId: a.memberId, reason: `bet #${a.betId}: ${a.reason}` })),
      ...found.members.filter((a) => a.flagged).map((a) => ({ memberId: a.memberId, reason: a.reason })),
    ],
  };
}
