import test from 'ava';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { bootApp, baseUrl } from '../../helpers/app.ts';
import { keyHeaders } from '../../helpers/api.ts';
import api from '../../../src/plugins/api/index.ts';

function gated(name: string, tier: 'free' | 'premium' | 'platinum', seen: string[]) {
  return definePlugin({
    name,
    version: '1.0.0',
    tier,
    routes(router) {
      router.get('/guilds/:guildId/ping', (req, res) => {
        seen.push(`route:${req.params.guildId}`);
        res.json({ pong: true });
      });
    },
    subscribers: { 'core.guild.changed': () => undefined },
    jobs: {
      work: {
        handler: (run) => {
          seen.push(`job:${run.guildId}`);
        },
      },
    },
  });
}

const GUILD = '200000001';

test('the gate answers on, off, tier too low and unknown plugin with a reason', async (t) => {
  const app = await bootApp(t, [{ plugin: gated('paid', 'premium', []) }, { plugin: gated('basic', 'free', []) }]);
  t.deepEqual(await app.gate.check('basic', GUILD), { ok: true });
  t.like(await app.gate.check('paid', GUILD), { ok: false, identifier: 'TierTooLow', requiredTier: 'premium' });
  t.like(await app.gate.check('nope', GUILD), { ok: false, identifier: 'PluginNotLoaded' });
  t.like(await app.gate.check('basic', null), { ok: false, identifier: 'NoGuild' });
  await app.settings.setEnabled(GUILD, 'basic', false);
  const off = await app.gate.check('basic', GUILD);
  t.like(off, { ok: false, identifier: 'PluginDisabled' });
  t.regex((off as { message: string }).message, /\/plugins enable name:basic/);
});

test('a plugin whose dependency is off is off too', async (t) => {
  const base = definePlugin({ name: 'base', version: '1.0.0' });
  const child = definePlugin({ name: 'child', version: '1.0.0', requires: ['base'] });
  const app = await bootApp(t, [{ plugin: base }, { plugin: child }]);
  t.true(await app.gate.isOn('child', GUILD));
  const { affected } = await app.settings.setEnabled(GUILD, 'base', false);
  t.deepEqual(affected, ['child']);
  t.like(await app.gate.check('child', GUILD), { ok: false, identifier: 'DependencyOff' });
});

test('routes: a guild route of a plugin that is off answers 403 problem+json, another server 404, and never runs', async (t) => {
  const seen: string[] = [];
  const app = await bootApp(t, [{ plugin: gated('paid', 'premium', seen) }, { plugin: gated('basic', 'free', seen) }, { plugin: api }]);
  // API keys need Platinum, so every tier gate is open to a key's server: what is left to gate is a plugin turned off.
  const headers = await keyHeaders(app, GUILD);
  const get = (path: string) => fetch(`${baseUrl(app)}${path}`, { headers });

  const ok = await get(`/api/v1/basic/guilds/${GUILD}/ping`);
  t.is(ok.status, 200);
  t.deepEqual(await ok.json(), { pong: true });

  await app.settings.setEnabled(GUILD, 'paid', false);
  const locked = await get(`/api/v1/paid/guilds/${GUILD}/ping`);
  t.is(locked.status, 403);
  t.is(locked.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  t.like(await locked.json(), { status: 403, code: 'PluginDisabled', plugin: 'paid' });

  const elsewhere = await get('/api/v1/basic/guilds/100000000000000777/ping');
  t.is(elsewhere.status, 404);

  const bad = await get('/api/v1/basic/guilds/not-a-guild/ping');
  t.is(bad.status, 400);
  t.deepEqual(seen, [`route:${GUILD}`]);
});

test('jobs: a guild job of a plugin that is off, or above the tier, is skipped, not run', async (t) => {
  const seen: string[] = [];
  const app = await bootApp(t, [{ plugin: gated('paid', 'premium', seen) }, { plugin: gated('basic', 'free', seen) }]);
  const other = '200000002';
  await app.settings.setEnabled(GUILD, 'basic', false);
  const basic = app.contextOf('basic')!;
  const paid = app.contextOf('paid')!;
  await basic.jobs.enqueue(basic.em(), 'work', {}, { guildId: GUILD });
  await basic.jobs.enqueue(basic.em(), 'work', {}, { guildId: other });
  await paid.jobs.enqueue(paid.em(), 'work', {}, { guildId: other });
  await app.jobs.drain();
  t.deepEqual(seen, [`job:${other}`]);
  t.deepEqual((await app.jobStore.list({ status: 'skipped' })).map((j) => `${j.plugin}:${j.guildId}`).sort(), [`basic:${GUILD}`, `paid:${other}`]);
});

test('gate answers are cached and a change is seen at once', async (t) => {
  const app = await bootApp(t, [{ plugin: gated('basic', 'free', []) }]);
  for (let i = 0; i < 5; i++) await app.gate.check('basic', GUILD);
  const hits = await app.metrics.registry.getSingleMetricAsString('dbsbm_gate_lookups_total');
  t.regex(hits, /result="hit"} [4-9]/);
  await app.settings.setEnabled(GUILD, 'basic', false);
  t.false(await app.gate.isOn('basic', GUILD));
});
