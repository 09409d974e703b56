import test from 'ava';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { reasonPhrase } from '../../../src/core/http/problem.ts';
import { bootApp, baseUrl } from '../../helpers/app.ts';

const echo = definePlugin({
  name: 'echo',
  version: '1.0.0',
  routes(router) {
    router.post('/echo', (req, res) => {
      res.json(req.body);
    });
  },
});

test('a body over the limit answers 413 titled "Content Too Large" (RFC 9110), not "Bad Request"', async (t) => {
  const app = await bootApp(t, [{ plugin: echo }]);
  const res = await fetch(`${baseUrl(app)}/api/v1/echo/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(2_000_000) }) });
  t.is(res.status, 413);
  t.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  t.like(await res.json(), { status: 413, title: 'Content Too Large' });

  const malformed = await fetch(`${baseUrl(app)}/api/v1/echo/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
  t.like(await malformed.json(), { status: 400, title: 'Bad Request' });

  const charset = await fetch(`${baseUrl(app)}/api/v1/echo/echo`, { method: 'POST', headers: { 'content-type': 'application/json; charset=koi8-r' }, body: '{}' });
  t.like(await charset.json(), { status: 415, title: 'Unsupported Media Type' });
});

test('each status gets its own reason phrase', (t) => {
  t.is(reasonPhrase(400), 'Bad Request');
  t.is(reasonPhrase(413), 'Content Too Large');
  t.is(reasonPhrase(415), 'Unsupported Media Type');
  t.is(reasonPhrase(422), 'Unprocessable Content');
  t.is(reasonPhrase(499), 'Bad Request');
});
