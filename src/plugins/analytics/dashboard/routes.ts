import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { chartSvg } from '../render/index.ts';
import { CHART_METRICS, chartOf } from '../services/chart-data.ts';
import type { AnalyticsContext } from '../services/context.ts';
import { dashboardData } from '../services/dashboard-data.ts';
import { verifyDashboardToken, type DashboardClaims } from '../services/dashboard-link.ts';
import { metricsFilterSchema, type MetricsFilter } from '../services/filters.ts';
import { daily } from '../services/metrics.ts';
import { dashboardPage, linkProblemPage } from './page.ts';

/** Open dashboards per server, per plugin context (one app), told when the server's roll-ups change. */
const streams = new WeakMap<object, Map<string, Set<Response>>>();

export function streamsOf(ctx: AnalyticsContext): Map<string, Set<Response>> {
  let map = streams.get(ctx);
  if (!map) streams.set(ctx, (map = new Map()));
  return map;
}

/** Tells every open dashboard of a server on this instance to reload its numbers. */
export function notifyDashboards(ctx: AnalyticsContext, guildId: string): void {
  for (const res of streamsOf(ctx).get(guildId) ?? []) res.write(`event: update\ndata: {"guildId":"${guildId}"}\n\n`);
}

const queryFilter = metricsFilterSchema.extend({ t: z.string().optional(), metric: z.enum(CHART_METRICS).default('net') });

/**
 * The dashboard: a page, its data, its charts and a stream of updates. There is no login: the link's token (from
 * `/analytics dashboard`) names the one server it shows, and every request re-checks it and the server's gate.
 */
export function dashboardRoutes(router: Router, ctx: AnalyticsContext): void {
  const authorise = async (req: Request, res: Response, kind: 'page' | 'api'): Promise<DashboardClaims | undefined> => {
    const secret = ctx.options.linkSecret;
    const token = typeof req.query.t === 'string' ? req.query.t : undefined;
    const check = secret ? verifyDashboardToken(secret, token) : ({ ok: false, reason: 'invalid' } as const);
    let problem: { status: number; title: string; detail: string } | undefined;
    if (!check.ok) {
      problem =
        check.reason === 'expired'
          ? { status: 401, title: 'This dashboard link has expired', detail: 'Run /analytics dashboard in your server for a new link.' }
          : { status: 401, title: 'This dashboard link is not valid', detail: 'Links come from /analytics dashboard; copy the whole link, or ask for a new one.' };
    } else {
      const gate = await ctx.gate(check.claims.g);
      if (!gate.ok) problem = { status: 403, title: 'Analytics is off for this server', detail: gate.message };
    }
    if (!problem) return check.ok ? check.claims : undefined;
    res.status(problem.status);
    if (kind === 'page') res.type('html').send(linkProblemPage(problem.title, problem.detail));
    else res.type('application/problem+json').send(JSON.stringify({ type: 'about:blank', ...problem }));
    return undefined;
  };

  const filterOf = (req: Request, res: Response, guildId: string): (MetricsFilter & { metric: (typeof CHART_METRICS)[number] }) | undefined => {
    const parsed = queryFilter.safeParse(req.query);
    if (!parsed.success) {
      res
        .status(400)
        .type('application/problem+json')
        .send(JSON.stringify({ type: 'about:blank', status: 400, title: 'Bad filter', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }));
      return undefined;
    }
    const { t: _t, ...rest } = parsed.data;
    return { ...rest, guildId };
  };

  router.get('/dashboard', async (req, res) => {
    const claims = await authorise(req, res, 'page');
    if (claims) res.type('html').setHeader('cache-control', 'no-store').send(dashboardPage());
  });

  router.get('/dashboard/data', async (req, res) => {
    const claims = await authorise(req, res, 'api');
    if (!claims) return;
    const f = filterOf(req, res, claims.g);
    if (!f) return;
    const { metric: _m, ...filter } = f;
    res.setHeader('cache-control', 'no-store');
    res.json(await dashboardData(ctx, filter));
  });

  router.get('/dashboard/chart.svg', async (req, res) => {
    const claims = await authorise(req, res, 'api');
    if (!claims) return;
    const f = filterOf(req, res, claims.g);
    if (!f) return;
    const { metric, ...filter } = f;
    const svg = await chartSvg(chartOf(metric, await daily(ctx, filter)), { width: 640, height: 280, theme: 'light' });
    res.setHeader('cache-control', 'no-store');
    res.type('image/svg+xml').send(svg);
  });

  router.get('/dashboard/events', async (req, res) => {
    const claims = await authorise(req, res, 'api');
    if (!claims) return;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const map = streamsOf(ctx);
    const set = map.get(claims.g) ?? new Set<Response>();
    map.set(claims.g, set);
    set.add(res);
    // A comment every 25 s keeps proxies from closing an idle stream.
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 25_000);
    keepAlive.unref();
    req.on('close', () => {
      clearInterval(keepAlive);
      set.delete(res);
    });
  });
}

/** Ends every open stream (at shutdown, so the HTTP server can close). */
export function closeDashboards(ctx: AnalyticsContext): void {
  for (const set of streamsOf(ctx).values()) for (const res of set) res.end();
  streams.delete(ctx);
}
