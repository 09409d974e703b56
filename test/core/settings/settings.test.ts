import { spawnSync } from 'node:child_process';
import test from 'ava';
import { z } from 'zod';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { SettingError } from '../../../src/core/settings/settings-service.ts';
import { createTestDatabase } from '../../../src/testkit/database.ts';
import { bootApp } from '../../helpers/app.ts';

const GUILD = '300000001';
const tuned = definePlugin({
  name: 'tuned',
  version: '1.0.0',
  settings: z.object({
    minBets: z.number().int().min(1).max(1000).default(20).describe('Settled bets needed to be ranked'),
    oddsFormat: z.enum(['american', 'decimal', 'fractional']).default('american'),
    announce: z.boolean().default(true),
  }),
});
const premium = definePlugin({ name: 'premiumish', version: '1.0.0', tier: 'premium' });
const analytics = definePlugin({ name: 'analytics', version: '1.0.0', tier: 'platinum', flag: 'analyticsEnabled', requires: ['tuned'] });

const rows = async (app: Awaited<ReturnType<typeof bootApp>>) =>
  (await app.orm.em.fork().getConnection().execute('select * from guild_plugins order by plugin')) as unknown[];

test('settings come from defaults until a guild overrides them; typed text is read as JSON when needed', async (t) => {
  const app = await bootApp(t, [{ plugin: tuned }]);
  const ctx = app.contextOf('tuned')!;
  t.deepEqual(await ctx.settings.get(GUILD), { minBets: 20, oddsFormat: 'american', announce: true });
  await app.settings.set(GUILD, 'tuned', 'minBets', '5');
  await app.settings.set(GUILD, 'tuned', 'announce', 'false');
  await app.settings.set(GUILD, 'tuned', 'oddsFormat', 'decimal');
  t.deepEqual(await ctx.settings.get(GUILD), { minBets: 5, oddsFormat: 'decimal', announce: false });
  t.deepEqual(await ctx.settings.get('300000002'), { minBets: 20, oddsFormat: 'american', announce: true }, 'other guilds keep defaults');
  const view = await app.settings.view(GUILD, 'tuned');
  t.like(view[0], { key: 'minBets', value: 5, isDefault: false, description: 'Settled bets needed to be ranked' });
});

test('bad setting input is refused with what was wrong, and nothing is stored', async (t) => {
  const app = await bootApp(t, [{ plugin: tuned }]);
  const before = await rows(app);
  const e1 = await t.throwsAsync(app.settings.set(GUILD, 'tuned', 'minBets', '0'), { instanceOf: SettingError });
  t.regex(e1.message, /"0" is not a valid value for tuned\.minBets: .*Nothing was changed/);
  const e2 = await t.throwsAsync(app.settings.set(GUILD, 'tuned', 'colour', 'red'), { instanceOf: SettingError });
  t.regex(e2.message, /has no setting "colour"\. Its settings are: minBets, oddsFormat, announce/);
  const e3 = await t.throwsAsync(app.settings.set(GUILD, 'nope', 'x', '1'), { instanceOf: SettingError });
  t.regex(e3.message, /There is no plugin "nope"\. Installed plugins: tuned/);
  await t.throwsAsync(app.settings.set(GUILD, 'tuned', 'oddsFormat', 'roman'), { instanceOf: SettingError });
  t.deepEqual(await rows(app), before);
});

test('enabling above the tier or without a dependency is refused and changes nothing; seed flags store the switch', async (t) => {
  const app = await bootApp(t, [{ plugin: tuned }, { plugin: premium }, { plugin: analytics }]);
  const err = await t.throwsAsync(app.settings.setEnabled(GUILD, 'premiumish', true), { instanceOf: SettingError });
  t.is(err.code, 'TIER_TOO_LOW');
  t.is(err.requiredTier, 'premium');
  t.deepEqual(await rows(app), []);

  await app.settings.setTier(GUILD, 'platinum');
  t.like((await app.settings.list(GUILD)).find((p) => p.name === 'analytics'), { status: 'off' }, 'the seed flag defaults to off');
  await app.settings.setEnabled(GUILD, 'tuned', false);
  const dep = await t.throwsAsync(app.settings.setEnabled(GUILD, 'analytics', true), { instanceOf: SettingError });
  t.is(dep.code, 'DEPENDENCY_OFF');
  await app.settings.setEnabled(GUILD, 'tuned', true);
  await app.settings.setEnabled(GUILD, 'analytics', true);
  const [row] = (await app.orm.em.fork().getConnection().execute(`select analytics_enabled from guild_settings where guild_id = '${GUILD}'`)) as { analytics_enabled: unknown }[];
  t.is(Number(row!.analytics_enabled), 1);
  t.true(await app.gate.isOn('analytics', GUILD));
});

test('npm run dbsbm -- tier set changes the tier; a bad tier is refused with the choices', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.drop());
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/dbsbm.ts', ...args], { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 60_000 });
  const bad = cli('tier', 'set', '400000001', 'gold');
  t.is(bad.status, 1);
  t.regex(bad.stderr, /"gold" is not a tier\. Use one of: free, premium, platinum\./);
  const ok = cli('tier', 'set', '400000001', 'platinum');
  t.is(ok.status, 0, ok.stderr);
  t.regex(ok.stdout, /now on the platinum tier/);
  t.regex(cli('tier', 'get', '400000001').stdout, /on the platinum tier/);
});

// Issue 12: an out-of-range number said "expected number, received string"; rules across settings did not hold.
const ranged = definePlugin({
  name: 'ranged',
  version: '1.0.0',
  settings: z
    .object({
      minUnits: z.number().positive().max(1000).default(0.1),
      maxUnits: z.number().positive().max(1000).default(10),
    })
    .refine((s) => s.minUnits <= s.maxUnits, { message: 'minUnits must not be more than maxUnits', path: ['minUnits'] }),
});

test('issue 12: a refused setting names the real reason, and rules across settings hold on every change', async (t) => {
  const app = await bootApp(t, [{ plugin: ranged }]);
  const tooBig = await t.throwsAsync(app.settings.set(GUILD, 'ranged', 'maxUnits', '5000'), { instanceOf: SettingError });
  t.regex(tooBig.message, /"5000" is not a valid value for ranged\.maxUnits: Too big: expected number to be <=1000\. Nothing was changed\./);
  t.notRegex(tooBig.message, /received string/);
  const word = await t.throwsAsync(app.settings.set(GUILD, 'ranged', 'maxUnits', 'lots'), { instanceOf: SettingError });
  t.regex(word.message, /expected number/, 'text that is no number at all still says a number is expected');

  const before = await rows(app);
  const crossed = await t.throwsAsync(app.settings.set(GUILD, 'ranged', 'minUnits', '20'), { instanceOf: SettingError });
  t.is(crossed.code, 'INVALID_VALUE');
  t.regex(crossed.message, /ranged\.minUnits cannot be "20": minUnits must not be more than maxUnits\. Nothing was changed\./);
  t.deepEqual(await rows(app), before, 'nothing stored');
  await app.settings.set(GUILD, 'ranged', 'maxUnits', '50');
  await app.settings.set(GUILD, 'ranged', 'minUnits', '20');
  const lowered = await t.throwsAsync(app.settings.set(GUILD, 'ranged', 'maxUnits', '5'), { instanceOf: SettingError });
  t.regex(lowered.message, /minUnits must not be more than maxUnits/, 'checked against the merged settings, whichever key changes');
  t.deepEqual(await app.contextOf('ranged')!.settings.get(GUILD), { minUnits: 20, maxUnits: 50 });

  const long = await t.throwsAsync(app.settings.set(GUILD, 'ranged', 'maxUnits', '9'.repeat(5000)), { instanceOf: SettingError });
  t.true(long.message.length < 300, 'a 5,000-character value is not echoed whole');
});
