import type { Router } from 'express';
import type { Metrics } from '../metrics/registry.ts';
import { requireBearer } from './bearer-token.ts';

export type Lifecycle = 'starting' | 'ready' | 'stopping';

/** A named readiness check; it throws, resolves false, or takes too long when its part is not ready. */
export type ReadinessCheck = () => Promise<boolean>;

/**
 * A check the instance can serve without (Redis): when it fails, `/readyz` still answers 200 with the status
 * `degraded`, so a load balancer keeps sending traffic. Taking every instance out because their shared Redis went
 * away would turn a slower service into no service at all.
 */
export interface OptionalCheck {
  optional: true;
  check: ReadinessCheck;
}

/** How long one check may take: `/readyz` answers within about this, whatever hangs behind it. */
export const READINESS_CHECK_TIMEOUT_MS = 500;

type CheckResult = 'ok' | 'failing' | 'degraded';

async function runCheck(check: ReadinessCheck, whenDown: CheckResult): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_CHECK_TIMEOUT_MS);
  });
  try {
    const ok = await Promise.race([check().catch(() => false), timeout]);
    return ok ? 'ok' : whenDown;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/livez` (the process answers), `/readyz` (every part is ready) and `/metrics` (Prometheus). With `metricsToken`
 * (`METRICS_TOKEN`), `/metrics` answers only `Authorization: Bearer <token>`.
 *
 * `/readyz` answers `200 ready` when every check passes, `200 degraded` when only optional ones fail, `503
 * unavailable` when a required one fails (the database), and `503 starting|stopping` outside the ready state.
 */
export function mountHealth(
  router: Router,
  metrics: Metrics,
  lifecycle: () => Lifecycle,
  checks: Record<string, ReadinessCheck | OptionalCheck>,
  metricsToken?: string,
): void {
  router.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const results: Record<string, CheckResult> = {};
    await Promise.all(
      Object.entries(checks).map(async ([name, spec]) => {
        results[name] = typeof spec === 'function' ? await runCheck(spec, 'failing') : await runCheck(spec.check, 'degraded');
      }),
    );
    const state = lifecycle();
    const values = Object.values(results);
    const status = state !== 'ready' ? state : values.includes('failing') ? 'unavailable' : values.includes('degraded') ? 'degraded' : 'ready';
    res.status(status === 'ready' || status === 'degraded' ? 200 : 503).json({ status, checks: results });
  });

  if (metricsToken) router.use('/metrics', requireBearer(metricsToken, '/metrics', 'METRICS_TOKEN'));
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
