import type { Router } from 'express';
import type { Metrics } from '../metrics/registry.ts';

export type Lifecycle = 'starting' | 'ready' | 'stopping';

/** A named readiness check; it throws or resolves false when its part is not ready. */
export type ReadinessCheck = () => Promise<boolean>;

/** `/livez` (the process answers), `/readyz` (every part is ready) and `/metrics` (Prometheus). */
export function mountHealth(router: Router, metrics: Metrics, lifecycle: () => Lifecycle, checks: Record<string, ReadinessCheck>): void {
  router.get('/livez', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const state = lifecycle();
    const results: Record<string, 'ok' | 'failing'> = {};
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        results[name] = await check().then(
          (ok) => (ok ? 'ok' : 'failing'),
          () => 'failing',
        );
      }),
    );
    const ready = state === 'ready' && Object.values(results).every((r) => r === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : state === 'ready' ? 'degraded' : state, checks: results });
  });

  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
