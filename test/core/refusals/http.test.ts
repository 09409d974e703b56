import test from 'ava';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { Refusal } from '../../../src/core/refusals/refusal.ts';
import { bootApp, baseUrl } from '../../helpers/app.ts';
import { keyHeaders } from '../../helpers/api.ts';
import api from '../../../src/plugins/api/index.ts';

/** A plugin with one code of its own, and routes that refuse (its code, a core code) and fail. */
const refuser = definePlugin({
  name: 'refuser',
  version: '1.0.0',
  refusals: { OUT_OF_TEA: { title: 'Out of tea', status: 409, description: 'The pot is empty.' } },
  routes(router) {
    router.get('/tea', () => {
      throw new Refusal('OUT_OF_TEA', 'The pot is empty.', { next: 'Come back after four.', extras: { pot: 'large' } });
    });
    router.get('/cup/:id', (req) => {
      throw new Refusal('NOT_FOUND', `There is no cup #${req.params.id}.`);
    });
    router.get('/boom', () => {
      throw new Error('database password is hunter2');
    });
  },
});

/** A logger whose lines the test can read. */
function capturedLogger(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  const raw: string[] = [];
  stream.on('data', (chunk: Buffer) => raw.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  return { logger: pino({ level: 'debug' }, stream), lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

test('a route that throws a Refusal answers an RFC 9457 problem with code, title, detail and next', async (t) => {
  const app = await bootApp(t, [{ plugin: refuser }, { plugin: api }]);
  const headers = await keyHeaders(app);
  const res = await fetch(`${baseUrl(app)}/api/v1/refuser/tea`, { headers });
  t.is(res.status, 409);
  t.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  t.like(await res.json(), { status: 409, code: 'OUT_OF_TEA', title: 'Out of tea', detail: 'The pot is empty.', next: 'Come back after four.', pot: 'large' });

  const core = await fetch(`${baseUrl(app)}/api/v1/refuser/cup/7`, { headers });
  t.is(core.status, 404);
  const body = (await core.json()) as Record<string, unknown>;
  t.like(body, { status: 404, code: 'NOT_FOUND', title: 'Not found', detail: 'There is no cup #7.' });
  t.false('next' in body, 'no next step when the refusal gives none');
});

test('a route that throws a plain Error answers 500 with a support id that is in the logged line, never the details', async (t) => {
  const { logger, lines } = capturedLogger();
  const app = await bootApp(t, [{ plugin: refuser }, { plugin: api }], { logger });
  const res = await fetch(`${baseUrl(app)}/api/v1/refuser/boom`, { headers: await keyHeaders(app) });
  t.is(res.status, 500);
  const text = await res.text();
  t.false(text.includes('hunter2'));
  const body = JSON.parse(text) as { supportId?: string; detail?: string };
  t.regex(body.supportId ?? '', /^[0-9a-f]{8}$/);
  t.true(body.detail!.includes(body.supportId!), 'the caller can quote the reference');
  const logged = lines().find((l) => l.supportId === body.supportId);
  t.truthy(logged, 'the reference is in the log line about the failure');
  t.is(logged!.plugin, 'refuser');
  t.is(logged!.level, 50);
  t.regex(JSON.stringify(logged!.err), /hunter2/, 'the log keeps the details the caller does not see');
});

test('a refusal is not logged as an error', async (t) => {
  const { logger, lines } = capturedLogger();
  const app = await bootApp(t, [{ plugin: refuser }, { plugin: api }], { logger });
  await fetch(`${baseUrl(app)}/api/v1/refuser/tea`, { headers: await keyHeaders(app) });
  t.false(lines().some((l) => Number(l.level) >= 50));
});
