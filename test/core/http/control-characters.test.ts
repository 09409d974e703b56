import test from 'ava';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { bootApp, baseUrl } from '../../helpers/app.ts';
import { keyHeaders } from '../../helpers/api.ts';
import api from '../../../src/plugins/api/index.ts';

// Issue 13, finding 4: HTTP inputs reached routes (and SQLite statements) with NULs in them. The core refuses
// control characters in the path, the query and JSON bodies before any route runs.

const calls: string[] = [];
const echo = definePlugin({
  name: 'echo',
  version: '1.0.0',
  routes(router) {
    router.get('/items/:name', (req, res) => {
      calls.push(`get:${req.params.name}`);
      res.json({ name: req.params.name, query: req.query });
    });
    router.post('/items', (req, res) => {
      calls.push('post');
      res.json(req.body);
    });
  },
});

type Problem = { status: number; title: string; detail: string; code: string; errors: { path: string }[]; instance: string };

test.serial('a control character in the path, the query or a JSON body (value or key) is a 400 problem naming the field', async (t) => {
  const app = await bootApp(t, [{ plugin: echo }]);
  const url = `${baseUrl(app)}/api/v1/echo`;
  calls.length = 0;
  const cases: [string, RequestInit | undefined, string, string][] = [
    [`${url}/items/a%00b`, undefined, 'path', 'U+0000'],
    [`${url}/items/x?q=a%07`, undefined, 'query.q', 'U+0007'],
    [`${url}/items/x?filter[sport]=%1b`, undefined, 'query.filter[sport]', 'U+001B'],
    [`${url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: [{ b: 'x\u0000' }] }) }, 'body.a.0.b', 'U+0000'],
    [`${url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ['k\u007f']: 1 }) }, 'body (a key)', 'U+007F'],
    [`${url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"s":"\\ud800"}' }, 'body.s', 'U+D800'],
  ];
  for (const [target, init, field, character] of cases) {
    const res = await fetch(target, init);
    t.is(res.status, 400, target);
    t.is(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const problem = (await res.json()) as Problem;
    t.is(problem.code, 'INVALID_INPUT');
    t.true(problem.detail.includes(character), problem.detail);
    t.is(problem.errors[0]!.path, field);
    t.false(problem.instance.includes('?'), 'the instance is the path only');
  }
  t.deepEqual(calls, [], 'no route ran');
});

test.serial('tabs, newlines and ordinary text pass; a deeply nested body does not crash the check', async (t) => {
  const app = await bootApp(t, [{ plugin: echo }, { plugin: api }], { env: {} });
  const key = await keyHeaders(app);
  const url = `${baseUrl(app)}/api/v1/echo`;
  const text = 'line one\r\n\tline two 😀 ünïcödé';
  const res = await fetch(`${url}/items`, { method: 'POST', headers: { ...key, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  t.is(res.status, 200);
  t.deepEqual(await res.json(), { text });
  const get = await fetch(`${url}/items/plain?q=${encodeURIComponent(text)}`, { headers: key });
  t.is(get.status, 200);
  const deep = `${'['.repeat(20_000)}"\\u0000"${']'.repeat(20_000)}`;
  const nested = await fetch(`${url}/items`, { method: 'POST', headers: { ...key, 'content-type': 'application/json' }, body: deep });
  t.is(nested.status, 400);
});
