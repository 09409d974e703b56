import type { App } from '../../../src/core/app.ts';
import { saveReport } from '../../../src/plugins/analytics/services/saved-reports.ts';
import { DEFAULT_REPORT } from '../../../src/plugins/analytics/services/reports.ts';
import type { AnalyticsContext } from '../../../src/plugins/analytics/services/context.ts';
import { listKeys } from '../../../src/plugins/api/services/keys.ts';
import type { ApiContext } from '../../../src/plugins/api/services/context.ts';
import { CapperSchema } from '../../../src/plugins/betting/entities/capper.ts';
import { listBets } from '../../../src/plugins/betting/services/bet-reads.ts';
import type { BettingContext } from '../../../src/plugins/betting/services/context.ts';
import { placeParlay, placeStraight } from '../../../src/plugins/betting/services/placement.ts';
import type { WebhooksContext } from '../../../src/plugins/webhooks/services/context.ts';
import { deliveriesPage } from '../../../src/plugins/webhooks/services/endpoint-pages.ts';
import { addEndpoint } from '../../../src/plugins/webhooks/services/endpoints.ts';
import { apiCall, issueKey } from '../../helpers/api.ts';
import { final, seedGames } from '../betting/seed.ts';

/**
 * One server of a test world: who bets there, the key that acts as `keyUser`, and the ids and names of everything the
 * seeding gave it, so a test can look for them in answers.
 */
export interface ServerData {
  readonly guildId: string;
  readonly label: string;
  /** Members who bet here; the first is also the server's capper. */
  readonly bettors: readonly string[];
  readonly keyUser: string;
  /** A write key of the server, created by `keyUser`. */
  readonly key: string;
  readonly keyLast4: string;
  /** Every bet of the server (straight bets, the parlay, the cancellable one). */
  readonly betIds: number[];
  readonly parlayId: number;
  readonly settledBetIds: number[];
  /** A pending bet of `keyUser` on a game that has not started: cancellable with the key. */
  readonly cancellableBetId: number;
  readonly endpointId: number;
  readonly endpointUrl: string;
  readonly endpointSecret: string;
  readonly deliveryMessageIds: string[];
  readonly reportId: number;
  readonly reportName: string;
  readonly capperName: string;
}

/** The games every server bets on (market data is shared), by role. */
export interface Market {
  /** Finished after the bets: 2-0 and 1-1. */
  finals: [number, number];
  /** Open for the test: pending bets, parlays, cancelling. */
  open: [number, number];
  /** One open game per server label that only that server bets on. */
  own: Record<string, number>;
}

export interface ServerSpec {
  guildId: string;
  /** Distinctive: it goes into the server's report, capper and webhook names. */
  label: string;
  /** Two or more members who bet here (the first is the capper); each one past the second adds a lost bet. */
  bettors: [string, string, ...string[]];
  keyUser: string;
  /** Record ML predictions of the finished games as shown, so that live accuracy has something to count. */
  predictFinals?: boolean;
}

export interface World {
  market: Market;
  servers: ServerData[];
}

let interactions = 0;
const interactionId = (): string => `world:${process.pid}:${++interactions}`;

/** Puts a server on Platinum with analytics and ML on, a rate limit no test reaches, and a leaderboard that ranks anyone. */
async function openServer(app: App, guildId: string): Promise<void> {
  await app.settings.setTier(guildId, 'platinum');
  await app.settings.setEnabled(guildId, 'analytics', true);
  await app.settings.setEnabled(guildId, 'ml', true);
  await app.settings.setPlanLimit(guildId, 'api_rate_limit', 100_000);
  await app.settings.set(guildId, 'betting', 'leaderboardMinBets', 1);
}

/**
 * Seeds servers with data of every kind the API serves — bets (won, lost, pending, a parlay), a capper, a saved report,
 * a webhook endpoint on `receiverUrl` with delivered events, ML predictions shown, API usage — on a shared market of
 * games, then settles the finished games and runs the jobs their events made.
 */
export async function seedWorld(app: App, specs: ServerSpec[], receiverUrl: string): Promise<World> {
  const betting = app.contextOf('betting') as unknown as BettingContext;
  const webhooks = app.contextOf('webhooks') as unknown as WebhooksContext;
  const analytics = app.contextOf('analytics') as unknown as AnalyticsContext;
  const api = app.contextOf('api') as unknown as ApiContext;
  const { ids, sink } = await seedGames(betting, [
    { key: 'final-1', home: 'Arsenal', away: 'Chelsea', inMinutes: 60 },
    { key: 'final-2', home: 'Everton', away: 'Fulham', inMinutes: 70 },
    { key: 'open-1', home: 'Liverpool', away: 'Brentford', inMinutes: 120, h2h: [1.6, 4.2, 5.5] },
    { key: 'open-2', home: 'Wolves', away: 'Burnley', inMinutes: 150 },
    ...specs.map((s, i) => ({ key: `own-${s.label}`, home: `Home ${i + 1} Town`, away: `Away ${i + 1} City`, inMinutes: 180 + i * 10 })),
  ]);
  const market: Market = {
    finals: [ids['final-1']!, ids['final-2']!],
    open: [ids['open-1']!, ids['open-2']!],
    own: Object.fromEntries(specs.map((s) => [s.label, ids[`own-${s.label}`]!])),
  };
  const straight = (guildId: string, userId: string, gameId: number, market: 'h2h' | 'totals', selection: string, units: number) =>
    placeStraight(betting, { guildId, userId, interactionId: interactionId(), gameId, market, selection, line: market === 'totals' ? 2.5 : null, units });

  const partial: Omit<ServerData, 'settledBetIds' | 'deliveryMessageIds'>[] = [];
  for (const spec of specs) {
    const { guildId, label, bettors, keyUser } = spec;
    await openServer(app, guildId);
    const key = await issueKey(app, guildId, { scope: 'write', userId: keyUser, name: `${label} key` });
    const endpointUrl = `${receiverUrl}/${label}`;
    const { integration, secret } = await addEndpoint(webhooks, { guildId, url: endpointUrl, events: 'bet.placed,bet.settled', format: 'standard' });
    const reportName = `${label} weekly report`;
    await saveReport(analytics, { guildId, name: reportName, definition: { ...DEFAULT_REPORT, filter: { period: 'all' } }, createdBy: keyUser });
    const reportId = (await analytics.em().getConnection().execute('select id from analytics_reports where guild_id = ? and name = ?', [guildId, reportName]))[0].id as number;
    const capperName = `${label} capper`;
    const em = betting.em();
    em.create(CapperSchema, { guildId, userId: bettors[0], displayName: capperName, imageUrl: null, createdAt: Date.now() });
    await em.flush();
    // Shown predictions are recorded for the key's creator in the key's server, as /predict records them.
    if (spec.predictFinals) {
      for (const gameId of market.finals) {
        const res = await apiCall(app, key, 'GET', `/api/v1/ml/predictions/${gameId}`);
        if (res.status !== 200) throw new Error(`predicting game ${gameId} answered ${res.status}: ${JSON.stringify(res.body)}`);
      }
    }
    const [one, two, ...more] = bettors;
    const bets = [
      await straight(guildId, one, market.finals[0], 'h2h', 'home', 1),
      await straight(guildId, two, market.finals[0], 'h2h', 'away', 2),
      await straight(guildId, one, market.finals[1], 'totals', 'over', 1),
      await straight(guildId, two, market.finals[1], 'totals', 'under', 1.5),
      await straight(guildId, two, market.own[label]!, 'h2h', 'draw', 1),
    ];
    for (const member of more) bets.push(await straight(guildId, member, market.finals[0], 'h2h', 'draw', 1));
    const parlay = await placeParlay(betting, {
      guildId,
      userId: one,
      interactionId: interactionId(),
      units: 1,
      legs: [
        { gameId: market.open[0], market: 'h2h', selection: 'home' },
        { gameId: market.open[1], market: 'totals', selection: 'over', line: 2.5 },
      ],
    });
    const cancellable = await straight(guildId, keyUser, market.open[0], 'h2h', 'home', 1);
    const keyLast4 = (await listKeys(api, guildId)).find((k) => k.name === `${label} key`)!.last4;
    partial.push({
      guildId,
      label,
      bettors,
      keyUser,
      key,
      keyLast4,
      betIds: [...bets, parlay, cancellable].map((p) => p.bet.id),
      parlayId: parlay.bet.id,
      cancellableBetId: cancellable.bet.id,
      endpointId: integration.id,
      endpointUrl,
      endpointSecret: secret,
      reportId,
      reportName,
      capperName,
    });
  }
  await sink(final('final-1', 2, 0));
  await sink(final('final-2', 1, 1));
  // Events' durable jobs: webhook deliveries, analytics roll-ups, prediction scoring.
  await app.jobs.drain();

  const servers: ServerData[] = [];
  for (const server of partial) {
    const settled = await listBets(betting.em(), { guildId: server.guildId, status: 'settled' }, { order: 'asc', after: null, limit: 100 });
    const deliveries = await deliveriesPage(webhooks, server.guildId, server.endpointId, { beforeId: null, limit: 100 });
    if (deliveries.data.length === 0) throw new Error(`no webhook delivery reached ${server.endpointUrl}`);
    servers.push({ ...server, settledBetIds: settled.map((b) => b.bet.id), deliveryMessageIds: [...new Set(deliveries.data.map((d) => d.messageId))] });
  }
  return { market, servers };
}
