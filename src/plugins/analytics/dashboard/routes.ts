import type { Request, Response, Router } from 'express';
import { CORE_REFUSAL_CODES, Refusal, chartSvg, compareIds, cspNonce, isRefusal, isTopicId, type RefusalSpec, type TopicEntry } from 'dbsbm';
import { PermissionFlagsBits } from 'discord.js';
import { z } from 'zod';
import { CHART_METRICS, chartOf } from '../services/chart-data.ts';
import type { AnalyticsContext } from '../services/context.ts';
import { dashboardData } from '../services/dashboard-data.ts';
import { verifyDashboardToken, type DashboardClaims } from '../services/dashboard-link.ts';
import { metricsFilterSchema, type MetricsFilter } from '../services/filters.ts';
import { issuesText } from '../commands/options.ts';
import { daily } from '../services/metrics.ts';
import { ANALYTICS_REFUSALS } from '../refusals.ts';
import { dashboardPage, linkProblemPage } from './page.ts';

/** Open dashboards per server, per plugin context (one app), to end them at shutdown. */
const streams = new WeakMap<object, Map<string, Set<Response>>>();

export function streamsOf(ctx: AnalyticsContext): Map<string, Set<Response>> {
  let map = streams.get(ctx);
  if (!map) streams.set(ctx, (map = new Map()));
  return map;
}

/** The topic of a server's dashboard updates in the core's topic log. */
const dashboardTopic = (guildId: string): string => `g:${guildId}:dashboard`;

/**
 * Tells every open dashboard of a server, on every instance, to reload its numbers: an entry in the core's topic
 * log (the live stream's spine), so a page that was reconnecting when it came still gets it (`Last-Event-ID`).
 */
export async function notifyDashboards(ctx: AnalyticsContext, guildId: string): Promise<void> {
  try {
    await ctx.topics.append([dashboardTopic(guildId)], 'update', { guildId });
  } catch (err) {
    ctx.logger.warn({ err, guildId }, 'could not tell open dashboards to reload');
  }
}

/** The codes the page may meet, for its status and headline. */
const SPECS = { ...CORE_REFUSAL_CODES, ...ANALYTICS_REFUSALS };

const queryFilter = metricsFilterSchema.extend({ t: z.string().optional(), metric: z.enum(CHART_METRICS).default('net') });

/**
 * The dashboard: a page, its data, its charts and a stream of updates. There is no login: the link's token (from
 * `/analytics dashboard`) names the one server it shows, and every request re-checks it and the server's gate.
 */
export function dashboardRoutes(router: Router, ctx: AnalyticsContext): void {
  /**
   * The link's claims, or a Refusal: an invalid or expired link, or analytics off for the server. The data routes
   * let it go to the core (an RFC 9457 problem); the page shows it as a page.
   */
  const authorise = async (req: Request): Promise<DashboardClaims> => {
    const secret = ctx.options.linkSecret;
    const token = typeof req.query.t === 'string' ? req.query.t : undefined;
    const check = secret ? verifyDashboardToken(secret, token) : ({ ok: false, reason: 'invalid' } as const);
    if (!check.ok) {
      if (check.reason === 'expired') throw new Refusal('DASHBOARD_LINK_EXPIRED', 'Run /analytics dashboard in your server for a new link.');
      throw new Refusal('DASHBOARD_LINK_INVALID', 'Links come from /analytics dashboard; copy the whole link, or ask for a new one.');
    }
    const gate = await ctx.gate(check.claims.g);
    if (!gate.ok) throw new Refusal('NOT_ALLOWED', gate.message, { title: 'Analytics is off for this server' });
    await stillAllowed(check.claims);
    return check.claims;
  };

  /**
   * The link is only as good as its member: whoever asked for it must still be in the server with Manage Server
   * (what /analytics dashboard required), asked of Discord on every request, so removing a member or their role
   * closes their link at once rather than when it expires.
   */
  const stillAllowed = async (claims: DashboardClaims): Promise<void> => {
    let permissions: bigint | null;
    try {
      permissions = await ctx.discord.memberPermissions(claims.g, claims.u);
    } catch (err) {
      ctx.logger.warn({ err: { message: (err as Error).message }, guildId: claims.g }, 'could not check a dashboard link against the server');
      throw new Refusal('UNAVAILABLE', 'The bot cannot reach Discord to check this link right now.', { title: 'Cannot check this link', next: 'Try again in a minute.' });
    }
    if (permissions === null) {
      throw new Refusal('NOT_ALLOWED', 'The member this link was made for is no longer in the server.', { title: 'This link no longer works', next: 'A current admin can run /analytics dashboard for a new link.' });
    }
    if ((permissions & PermissionFlagsBits.ManageGuild) === 0n) {
      throw new Refusal('NOT_ALLOWED', 'The member this link was made for no longer has the Manage Server permission.', { title: 'This link no longer works', next: 'A current admin can run /analytics dashboard for a new link.' });
    }
  };

  const filterOf = (req: Request, guildId: string): MetricsFilter & { metric: (typeof CHART_METRICS)[number] } => {
    const parsed = queryFilter.safeParse(req.query);
    if (!parsed.success) throw new Refusal('INVALID_INPUT', issuesText(parsed.error.issues).join('; '), { title: 'Bad filter' });
    const { t: _t, ...rest } = parsed.data;
    return { ...rest, guildId };
  };

  router.get('/dashboard', async (req, res) => {
    try {
      await authorise(req);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      // A person opened the link in a browser: the same refusal, as a page rather than a problem document.
      const spec: RefusalSpec | undefined = (SPECS as Record<string, RefusalSpec>)[err.code];
      res.status(err.status ?? spec?.status ?? 400).type('html').send(linkProblemPage(err.title ?? spec?.title ?? 'Not available', err.message, cspNonce(res)));
      return;
    }
    res.type('html').setHeader('cache-control', 'no-store').send(dashboardPage(cspNonce(res)));
  });

  router.get('/dashboard/data', async (req, res) => {
    const claims = await authorise(req);
    const f = filterOf(req, claims.g);
    const { metric: _m, ...filter } = f;
    res.setHeader('cache-control', 'no-store');
    res.json(await dashboardData(ctx, filter));
  });

  router.get('/dashboard/chart.svg', async (req, res) => {
    const claims = await authorise(req);
    const f = filterOf(req, claims.g);
    const { metric, ...filter } = f;
    const svg = await chartSvg(chartOf(metric, await daily(ctx, filter)), { width: 640, height: 280, theme: 'light' });
    res.setHeader('cache-control', 'no-store');
    res.type('image/svg+xml').send(svg);
  });

  router.get('/dashboard/events', async (req, res) => {
    const claims = await authorise(req);
    const topic = dashboardTopic(claims.g);
    const listener = (entry: TopicEntry): void => void res.write(`id: ${entry.id}\nevent: update\ndata: ${entry.data}\n\n`);
    const position = await ctx.topics.watch(topic, listener);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // A page back from a dropped connection reloads once if anything changed meanwhile (or if it cannot be told).
    const lastId = req.get('last-event-id');
    let missed = false;
    if (lastId !== undefined && isTopicId(lastId) && compareIds(lastId, position) < 0) {
      const { entries, gone } = await ctx.topics.range(topic, lastId, position, 1);
      missed = gone || entries.length > 0;
    }
    res.write(missed ? `id: ${position}\nevent: update\ndata: {"guildId":"${claims.g}"}\n\n` : `id: ${position}\n: connected\n\n`);
    const map = streamsOf(ctx);
    const set = map.get(claims.g) ?? new Set<Response>();
    map.set(claims.g, set);
    set.add(res);
    // A comment every 25 s keeps proxies from closing an idle stream.
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 25_000);
    keepAlive.unref();
    req.on('close', () => {
      clearInterval(keepAlive);
      ctx.topics.unwatch(topic, listener);
      set.delete(res);
    });
  });
}

/** Ends every open stream (at shutdown, so the HTTP server can close). */
export function closeDashboards(ctx: AnalyticsContext): void {
  for (const set of streamsOf(ctx).values()) for (const res of set) res.end();
  streams.delete(ctx);
}
