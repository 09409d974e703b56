import { definePlugin } from 'dbsbm';
import { analyticsCommand } from './commands/analytics-command.ts';
import { closeDashboards, dashboardRoutes, notifyDashboards } from './dashboard/routes.ts';
import { analyticsEndpoints } from './endpoints/index.ts';
import { analyticsEntities } from './entities/index.ts';
import { ANALYTICS_EVENTS } from './events.ts';
import { createAnalyticsTables } from './migrations/Migration20261124040000_analytics.ts';
import { coverUserDays } from './migrations/Migration20261125010000_user_days_cover.ts';
import { createMemberRollups } from './migrations/Migration20261207070000_member_rollups.ts';
import type { AnalyticsContext } from './services/context.ts';
import { deliverScheduledReport } from './services/deliver-report.ts';
import { updatePatterns } from './services/pattern-runner.ts';
import { refreshForBet, refreshMany } from './services/rollups.ts';
import { DAY_MS } from './services/days.ts';
import { DELIVER_JOB, DELIVER_MAX_ATTEMPTS } from './services/schedules.ts';
import { forget, track } from './services/tracking.ts';
import { ANALYTICS_REFUSALS } from './refusals.ts';
import { analyticsOptions, analyticsSettings } from './settings.ts';

async function onSettled(ctx: AnalyticsContext, p: { guildId: string; betId: number; userId: string }, eventType: string, data: Record<string, unknown>): Promise<void> {
  await refreshForBet(ctx, p.betId);
  // Open dashboards on every instance reload (the bus carries it across instances on Redis).
  await ctx.events.publish('analytics.updated', { guildId: p.guildId });
  await track(ctx, { guildId: p.guildId, userId: p.userId, eventType, data, key: `${eventType}:${p.betId}` });
}

/**
 * Analytics: roll-ups kept current as bets settle, a live dashboard behind signed links, charts, saved and
 * scheduled reports with CSV/Excel/PDF exports, consent-based tracking and pattern detection, and imports of
 * bet history. Platinum. See README.md beside this file and docs/analytics.md.
 */
export default definePlugin({
  name: 'analytics',
  version: '1.0.0',
  description: 'Dashboards, charts, reports and exports, patterns, imports',
  tier: 'platinum',
  flag: 'analyticsEnabled',
  requires: ['betting'],
  options: analyticsOptions,
  settings: analyticsSettings,
  entities: analyticsEntities,
  migrations: [createAnalyticsTables, coverUserDays, createMemberRollups],
  events: ANALYTICS_EVENTS,
  refusals: ANALYTICS_REFUSALS,
  commands: (ctx) => [analyticsCommand(ctx)],
  rootRoutes: (router, ctx) => dashboardRoutes(router, ctx),
  endpoints: (ctx) => analyticsEndpoints(ctx),
  jobs: {
    [DELIVER_JOB]: { handler: (run, ctx) => deliverScheduledReport(ctx, run), maxAttempts: DELIVER_MAX_ATTEMPTS },
  },
  subscribers: {
    'bet.settled': (p, ctx) => onSettled(ctx, p, 'bet.settled', { betId: p.betId, result: p.result, net: p.net }),
    'bet.voided': (p, ctx) => onSettled(ctx, p, 'bet.voided', { betId: p.betId }),
    'bet.placed': async (p, ctx) => {
      const recorded = await track(ctx, { guildId: p.guildId, userId: p.userId, eventType: 'bet.placed', data: { betId: p.betId, type: p.type, units: p.units, decimal: p.decimal }, key: `bet.placed:${p.betId}` });
      if (recorded) await updatePatterns(ctx, p.guildId, p.userId);
    },
    'bet.cancelled': async (p, ctx) => {
      await track(ctx, { guildId: p.guildId, userId: p.userId, eventType: 'bet.cancelled', data: { betId: p.betId }, key: `bet.cancelled:${p.betId}` });
    },
    'bets.imported': async (p, ctx) => {
      await refreshMany(ctx, p.guildId, p.days.map((day) => ({ userId: p.userId, settledAt: day * DAY_MS })));
      await ctx.events.publish('analytics.updated', { guildId: p.guildId });
    },
    // Withdrawn consent: what was recorded about the member goes too (their betting records stay; they are the
    // server's, shown by /stats).
    'core.user.preferences': async (p, ctx) => {
      if (!p.analyticsConsent) await forget(ctx, p.userId);
    },
  },
  setup(ctx) {
    // Appended once per deployment (by the instance it came from); every instance's open dashboards read the topic.
    ctx.events.subscribe('analytics.updated', async (p, meta) => {
      if (meta.origin === ctx.instanceId) await notifyDashboards(ctx, p.guildId);
    });
  },
  // Open dashboards end before the HTTP server waits for requests to finish (they reconnect elsewhere).
  drain: (ctx) => closeDashboards(ctx),
  teardown: (ctx) => closeDashboards(ctx),
});
