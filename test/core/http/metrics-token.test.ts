import test from 'ava';
import { ConfigError, loadConfig } from '../../../src/core/config/env.ts';
import { bootApp, baseUrl } from '../../helpers/app.ts';

const TOKEN = 'metrics-secret-0123456789';

test('with METRICS_TOKEN, /metrics answers only the right bearer token; others get a 401 problem', async (t) => {
  const app = await bootApp(t, [], { env: { METRICS_TOKEN: TOKEN } });
  const url = `${baseUrl(app)}/metrics`;
  for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', `Basic ${TOKEN}`, TOKEN]) {
    const res = await fetch(url, { headers: authorization === undefined ? {} : { authorization } });
    t.is(res.status, 401, String(authorization));
    t.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    t.regex(res.headers.get('www-authenticate') ?? '', /^Bearer /);
    const body = await res.text();
    t.like(JSON.parse(body), { status: 401, title: 'Unauthorized' });
    t.false(body.includes(TOKEN), 'the answer never tells the token');
    t.false(body.includes('process_cpu'), 'no metric leaks');
  }
  const ok = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  t.is(ok.status, 200);
  t.regex(await ok.text(), /process_cpu_user_seconds_total/);
  t.is((await fetch(`${baseUrl(app)}/livez`)).status, 200, 'liveness stays open for probes');
  t.is((await fetch(`${baseUrl(app)}/readyz`)).status, 200);
});

test('without METRICS_TOKEN, /metrics stays open', async (t) => {
  const app = await bootApp(t, []);
  t.is((await fetch(`${baseUrl(app)}/metrics`)).status, 200);
});

test('a METRICS_TOKEN that is too short is refused at start, without printing it', (t) => {
  const err = t.throws(() => loadConfig({ METRICS_TOKEN: 'short-secret' }), { instanceOf: ConfigError });
  t.is(err?.problems[0]?.variable, 'METRICS_TOKEN');
  t.false(err?.message.includes('short-secret'));
});
