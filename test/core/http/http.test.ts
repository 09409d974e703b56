import test from 'ava';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { HttpProblem } from '../../../src/core/http/problem.ts';
import { bootApp, baseUrl } from '../../helpers/app.ts';
import { keyHeaders } from '../../helpers/api.ts';
import api from '../../../src/plugins/api/index.ts';

const failing = definePlugin({
  name: 'failing',
  version: '1.0.0',
  routes(router) {
    router.get('/boom', () => {
      throw new Error('database password is hunter2');
    });
    router.get('/teapot', () => {
      throw new HttpProblem(418, "I'm a teapot", 'Ask for coffee elsewhere.');
    });
    router.post('/echo', (req, res) => {
      res.json(req.body);
    });
  },
});

test('/livez, /readyz and /metrics answer', async (t) => {
  const app = await bootApp(t, [{ plugin: failing }]);
  const live = await fetch(`${baseUrl(app)}/livez`);
  t.is(live.status, 200);
  const ready = await fetch(`${baseUrl(app)}/readyz`);
  t.is(ready.status, 200);
  t.like(await ready.json(), { status: 'ready', checks: { database: 'ok' } });
  const metrics = await (await fetch(`${baseUrl(app)}/metrics`)).text();
  t.regex(metrics, /process_cpu_user_seconds_total/);
  t.regex(metrics, /dbsbm_http_request_duration_seconds_bucket\{[^}]*route="\/readyz"/);
  t.regex(metrics, /dbsbm_jobs_total|dbsbm_cache_operations_total/);
});

test('/readyz answers 503 while starting and while shutting down', async (t) => {
  const app = await bootApp(t, [], { start: true });
  app.lifecycle = 'starting';
  const starting = await fetch(`${baseUrl(app)}/readyz`);
  t.is(starting.status, 503);
  t.like(await starting.json(), { status: 'starting' });
  app.lifecycle = 'ready';
});

test('errors are RFC 9457 problem documents; internal details never leak', async (t) => {
  const app = await bootApp(t, [{ plugin: failing }, { plugin: api }]);
  const headers = await keyHeaders(app);
  const boom = await fetch(`${baseUrl(app)}/api/v1/failing/boom`, { headers });
  t.is(boom.status, 500);
  t.is(boom.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  const body = await boom.text();
  t.false(body.includes('hunter2'));
  t.like(JSON.parse(body), { status: 500, title: 'Internal Server Error' });

  const teapot = await fetch(`${baseUrl(app)}/api/v1/failing/teapot`, { headers });
  t.like(await teapot.json(), { status: 418, detail: 'Ask for coffee elsewhere.' });

  const missing = await fetch(`${baseUrl(app)}/nowhere`);
  t.is(missing.status, 404);
  t.like(await missing.json(), { status: 404, instance: '/nowhere' });

  const malformed = await fetch(`${baseUrl(app)}/api/v1/failing/echo`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"a":' });
  t.is(malformed.status, 400);
  t.like(await malformed.json(), { status: 400 });

  const live = await fetch(`${baseUrl(app)}/livez`);
  t.is(live.status, 200, 'the process keeps running');
});

test('shutdown finishes a request in flight before closing', async (t) => {
  let release!: () => void;
  let entered!: () => void;
  const inRoute = new Promise<void>((r) => (entered = r));
  const slow = definePlugin({
    name: 'slow',
    version: '1.0.0',
    routes(router) {
      router.get('/wait', async (_req, res) => {
        const released = new Promise<void>((r) => (release = r));
        entered();
        await released;
        res.json({ finished: true });
      });
    },
  });
  const app = await bootApp(t, [{ plugin: slow }, { plugin: api }]);
  const pending = fetch(`${baseUrl(app)}/api/v1/slow/wait`, { headers: await keyHeaders(app) });
  // In the route, not after a fixed wait: a busy machine can take longer than any wait to get there.
  await inRoute;
  const stopping = app.stop();
  release();
  const res = await pending;
  t.deepEqual(await res.json(), { finished: true });
  await stopping;
  t.is(app.lifecycle, 'stopping');
});
