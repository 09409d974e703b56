import test from 'ava';
import { z } from 'zod';
import { definePlugin, defineRoute, pageOf, pageQuery, pageFrom, decodeCursor, Refusal } from 'dbsbm';
import api from '../../../src/plugins/api/index.ts';
import type { ApiContext } from '../../../src/plugins/api/services/context.ts';
import { revokeKey, rotateKey, listKeys } from '../../../src/plugins/api/services/keys.ts';
import { createTestBot, type TestBot } from '../../../src/testkit/index.ts';
import { apiCall, issueKey } from '../../helpers/api.ts';

// A small plugin with declared routes, a raw route and a public one: the core's auth is what is under test.
const notes = new Map<string, { id: number; text: string }[]>();
const probe = definePlugin({
  name: 'probe',
  version: '1.0.0',
  tier: 'free',
  endpoints: () => [
    defineRoute({
      method: 'get',
      path: '/notes',
      operationId: 'listProbeNotes',
      summary: 'Notes',
      query: z.object({ ...pageQuery, text: z.string().optional() }),
      response: pageOf(z.object({ id: z.number(), text: z.string() })),
      async handler({ guildId, query }) {
        const after = decodeCursor(query.cursor);
        const rows = (notes.get(guildId) ?? []).filter((n) => !after || n.id > Number(after.id)).filter((n) => !query.text || n.text === query.text);
        return pageFrom(rows.slice(0, query.limit + 1), query.limit, (n) => ({ v: null, id: n.id }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/notes',
      operationId: 'createProbeNote',
      summary: 'Add a note',
      body: z.object({ text: z.string().min(1).max(100) }).strict(),
      response: z.object({ id: z.number(), text: z.string() }),
      async handler({ guildId, body }) {
        const list = notes.get(guildId) ?? [];
        const note = { id: list.length + 1, text: body.text, secret: 'dropped by the response shape' };
        list.push(note);
        notes.set(guildId, list);
        return note;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/notes/:noteId',
      operationId: 'getProbeNote',
      summary: 'A note',
      params: z.object({ noteId: z.coerce.number().int().positive() }),
      response: z.object({ id: z.number(), text: z.string() }),
      async handler({ guildId, params }) {
        const note = (notes.get(guildId) ?? []).find((n) => n.id === params.noteId);
        if (!note) throw new Refusal('NOT_FOUND', `No note #${params.noteId}.`);
        return note;
      },
    }),
    defineRoute({ method: 'get', path: '/status', public: true, operationId: 'probeStatus', summary: 'Up', response: z.object({ ok: z.boolean() }), handler: async () => ({ ok: true }) }),
  ],
  routes(router) {
    router.get('/guilds/:guildId/raw', (req, res) => void res.json({ guildId: req.params.guildId }));
  },
});

let bot: TestBot;
let ctx: ApiContext;
let key: string;
let readKey: string;
const other = '222222222222222222';
test.before(async () => {
  bot = await createTestBot({ plugins: [probe, api], tier: 'platinum' });
  ctx = bot.app.contextOf('api') as ApiContext;
  key = await issueKey(bot.app, bot.guildId);
  readKey = await issueKey(bot.app, bot.guildId, { scope: 'read' });
});
test.after.always(() => bot?.close());

test.serial('no /api/v1 route answers without a key unless declared public', async (t) => {
  for (const [method, path] of [['GET', '/api/v1/probe/notes'], ['POST', '/api/v1/probe/notes'], ['GET', `/api/v1/probe/guilds/${bot.guildId}/raw`], ['GET', '/api/v1/nothing-here'], ['POST', '/api/v1/batch']] as const) {
    const res = await apiCall<{ code: string; detail: string }>(bot.app, null, method, path, method === 'POST' ? {} : undefined);
    t.is(res.status, 401, `${method} ${path}`);
    t.is(res.body.code, 'API_KEY_MISSING');
    t.regex(res.body.detail, /\/api key create/);
    t.is(res.headers.get('www-authenticate'), 'Bearer realm="dbsbm"');
  }
  t.is((await apiCall(bot.app, null, 'GET', '/api/v1/probe/status')).status, 200);
  const wrong = await apiCall<{ code: string }>(bot.app, 'dbsbm_' + 'x'.repeat(32), 'GET', '/api/v1/probe/notes');
  t.is(wrong.status, 401);
  t.is(wrong.body.code, 'API_KEY_INVALID');
});

test.serial('a key works on its own server only; raw routes with another :guildId answer 404', async (t) => {
  t.is((await apiCall(bot.app, key, 'GET', `/api/v1/probe/guilds/${bot.guildId}/raw`)).status, 200);
  const res = await apiCall<{ detail: string }>(bot.app, key, 'GET', `/api/v1/probe/guilds/${other}/raw`);
  t.is(res.status, 404);
  t.notRegex(JSON.stringify(res.body), new RegExp(other.slice(0, 6) + '.*guildId'));
});

test.serial('declared routes validate input, page with cursors, and drop undeclared response fields', async (t) => {
  const made = await apiCall<{ id: number; text: string }>(bot.app, key, 'POST', '/api/v1/probe/notes', { text: 'one' });
  t.is(made.status, 201);
  t.deepEqual(Object.keys(made.body).sort(), ['id', 'text']);
  await apiCall(bot.app, key, 'POST', '/api/v1/probe/notes', { text: 'two' });
  await apiCall(bot.app, key, 'POST', '/api/v1/probe/notes', { text: 'three' });
  const first = await apiCall<{ data: { id: number }[]; has_more: boolean; next_cursor: string }>(bot.app, key, 'GET', '/api/v1/probe/notes?limit=2');
  t.is(first.status, 200);
  t.is(first.body.data.length, 2);
  t.true(first.body.has_more);
  const second = await apiCall<{ data: { id: number }[]; has_more: boolean; next_cursor: string | null }>(bot.app, key, 'GET', `/api/v1/probe/notes?limit=2&cursor=${first.body.next_cursor}`);
  t.is(second.body.data.length, 1);
  t.false(second.body.has_more);
  t.is(second.body.next_cursor, null);
  for (const [path, code] of [
    ['/api/v1/probe/notes?limit=101', 'INVALID_INPUT'],
    ['/api/v1/probe/notes?color=red', 'INVALID_INPUT'],
    ['/api/v1/probe/notes?cursor=bm90LWEtY3Vyc29y', 'INVALID_CURSOR'],
    ['/api/v1/probe/notes/abc', 'INVALID_INPUT'],
  ] as const) {
    const res = await apiCall<{ code: string; detail: string }>(bot.app, key, 'GET', path);
    t.is(res.status, 400, path);
    t.is(res.body.code, code, path);
    t.true(res.body.detail.length > 10);
  }
  const bad = await apiCall<{ code: string }>(bot.app, key, 'POST', '/api/v1/probe/notes', '{"text": ', {});
  t.is(bad.status, 400);
  const big = await apiCall(bot.app, key, 'POST', '/api/v1/probe/notes', { text: 'x'.repeat(2_000_000) });
  t.is(big.status, 413);
  t.is((await apiCall(bot.app, key, 'GET', '/api/v1/probe/notes/99')).status, 404);
});

test.serial('a read-only key cannot change anything', async (t) => {
  const res = await apiCall<{ code: string }>(bot.app, readKey, 'POST', '/api/v1/probe/notes', { text: 'nope' });
  t.is(res.status, 403);
  t.is(res.body.code, 'API_KEY_READ_ONLY');
  t.is((await apiCall(bot.app, readKey, 'GET', '/api/v1/probe/notes')).status, 200);
});

test.serial('Idempotency-Key: a retry gets the first answer, another body with the same key is refused', async (t) => {
  const before = (notes.get(bot.guildId) ?? []).length;
  const a = await apiCall<{ id: number }>(bot.app, key, 'POST', '/api/v1/probe/notes', { text: 'once' }, { 'idempotency-key': 'k-1' });
  const b = await apiCall<{ id: number }>(bot.app, key, 'POST', '/api/v1/probe/notes', { text: 'once' }, { 'idempotency-key': 'k-1' });
  t.is(a.status, 201);
  t.is(b.status, 201);
  t.deepEqual(b.body, a.body);
  t.is(b.headers.get('idempotent-replayed'), 'true');
  t.is((notes.get(bot.guildId) ?? []).length, before + 1);
  const c = await apiCall<{ code: string }>(bot.app, key, 'POST', '/api/v1/probe/notes', { text: 'other' }, { 'idempotency-key': 'k-1' });
  t.is(c.status, 422);
  t.is(c.body.code, 'IDEMPOTENCY_KEY_REUSED');
  // A failed call is not kept: its retry runs again.
  const failed = await apiCall(bot.app, key, 'POST', '/api/v1/probe/notes', { text: '' }, { 'idempotency-key': 'k-2' });
  t.is(failed.status, 400);
  t.is((await apiCall(bot.app, key, 'POST', '/api/v1/probe/notes', { text: 'fixed' }, { 'idempotency-key': 'k-2' })).status, 201);
});

test.serial('rate limit: the guild’s api_rate_limit per key per minute, with headers, then 429', async (t) => {
  const limited = await issueKey(bot.app, bot.guildId, { scope: 'read' });
  await bot.app.settings.setPlanLimit(bot.guildId, 'api_rate_limit', 5);
  const { apiRateLimit } = await ctx.guild(bot.guildId);
  const statuses: number[] = [];
  let last: Headers | undefined;
  for (let i = 0; i < apiRateLimit + 2; i++) {
    const res = await apiCall(bot.app, limited, 'GET', '/api/v1/probe/notes?limit=1');
    statuses.push(res.status);
    last = res.headers;
    if (i === 0) {
      t.is(res.headers.get('ratelimit-policy'), `"per-key";q=${apiRateLimit};w=60`);
      t.regex(res.headers.get('ratelimit') ?? '', new RegExp(`^"per-key";r=${apiRateLimit - 1};t=\\d+$`));
      t.is(res.headers.get('x-ratelimit-limit'), String(apiRateLimit));
    }
  }
  t.deepEqual(statuses, [...Array(apiRateLimit).fill(200), 429, 429]);
  t.regex(last!.get('retry-after') ?? '', /^\d+$/);
  await bot.app.settings.setPlanLimit(bot.guildId, 'api_rate_limit', 100);
});

test.serial('batch: one result per operation, each checked as if alone; over 100 refused', async (t) => {
  const res = await apiCall<{ results: { status: number; body: { code?: string } }[] }>(bot.app, readKey, 'POST', '/api/v1/batch', {
    operations: [
      { method: 'GET', path: '/api/v1/probe/notes?limit=1' },
      { method: 'POST', path: '/api/v1/probe/notes', body: { text: 'from a read key' } },
      { method: 'GET', path: '/api/v1/probe/notes/9999' },
      { method: 'GET', path: '/api/v1/nowhere' },
      { method: 'POST', path: '/api/v1/batch', body: {} },
    ],
  });
  t.is(res.status, 200);
  t.deepEqual(res.body.results.map((r) => r.status), [200, 403, 404, 404, 400]);
  t.is(res.body.results[1]!.body.code, 'API_KEY_READ_ONLY');
  const tooMany = await apiCall<{ code: string }>(bot.app, key, 'POST', '/api/v1/batch', { operations: Array.from({ length: 101 }, () => ({ method: 'GET', path: '/api/v1/probe/notes' })) });
  t.is(tooMany.status, 400);
  t.is(tooMany.body.code, 'INVALID_INPUT');
});

test.serial('revoked keys stop; rotated keys keep working for the grace period only', async (t) => {
  const doomed = await issueKey(bot.app, bot.guildId, { scope: 'read', name: 'doomed' });
  const keys = await listKeys(ctx, bot.guildId);
  const doomedView = keys.find((k) => k.name === 'doomed')!;
  t.is(doomedView.last4, doomed.slice(-4));
  t.false(JSON.stringify(keys).includes(doomed));
  await revokeKey(ctx, bot.guildId, doomedView.id, 'admin');
  t.is((await apiCall(bot.app, doomed, 'GET', '/api/v1/probe/notes')).status, 401);

  const old = await issueKey(bot.app, bot.guildId, { scope: 'read', name: 'rotating' });
  const oldId = (await listKeys(ctx, bot.guildId)).find((k) => k.name === 'rotating')!.id;
  const rotated = await rotateKey(ctx, bot.guildId, oldId, 60, 'admin');
  t.is((await apiCall(bot.app, old, 'GET', '/api/v1/probe/notes')).status, 200);
  t.is((await apiCall(bot.app, rotated.secret, 'GET', '/api/v1/probe/notes')).status, 200);
  const now = await issueKey(bot.app, bot.guildId, { scope: 'read', name: 'rotating-now' });
  const nowId = (await listKeys(ctx, bot.guildId)).find((k) => k.name === 'rotating-now')!.id;
  await rotateKey(ctx, bot.guildId, nowId, 0, 'admin');
  t.is((await apiCall(bot.app, now, 'GET', '/api/v1/probe/notes')).status, 401);
  await t.throwsAsync(rotateKey(ctx, other, oldId, 10, 'admin'), { message: /no API key/ });
});

test.serial('usage is recorded with the route pattern, never ids or secrets, and flushed in batches', async (t) => {
  await apiCall(bot.app, key, 'GET', '/api/v1/probe/notes/1?x=1');
  // A body of many long keys is refused, and its record keeps 20 names of at most 40 characters: no bloated row.
  await apiCall(bot.app, key, 'POST', '/api/v1/probe/notes', Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`${'k'.repeat(100)}${i}`, i])));
  // The writer flushes every second (the plugin's default); its rows appear without any request waiting on them.
  const writer = await new Promise<number>((resolve) => setTimeout(resolve, 1_500, 0));
  const rows = await ctx.data.all<{ endpoint: string; request_data: string; user_id: string; status_code: number }>('select endpoint, request_data, user_id, status_code from api_usage where guild_id = ?', [bot.guildId]);
  t.is(writer, 0, JSON.stringify(rows.slice(-3)));
  t.true(rows.some((r) => r.endpoint === '/api/v1/probe/notes/:noteId'), JSON.stringify(rows.slice(-3)));
  t.false(rows.some((r) => /\/notes\/\d/.test(r.endpoint)));
  t.false(JSON.stringify(rows).includes(key));
  const bloated = rows.map((r) => (typeof r.request_data === 'string' ? JSON.parse(r.request_data) : r.request_data) as { body: string[] }).find((d) => d.body.length > 1)!;
  t.is(bloated.body.length, 20);
  t.true(bloated.body.every((n) => n.length <= 40));
  // Bug: keys never recorded their last use, so /api key list always said "never".
  const used = (await listKeys(ctx, bot.guildId)).find((k) => k.last4 === key.slice(-4))!;
  t.true(used.lastUsedAt !== null && used.lastUsedAt > Date.now() - 60_000);
});
