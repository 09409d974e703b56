import test, { type ExecutionContext } from 'ava';
import { App } from '../../../src/core/app.ts';
import { loadConfig } from '../../../src/core/config/env.ts';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { PluginError, PluginErrorCodes } from '../../../src/core/plugins/errors.ts';
import type { PluginContext, PluginDefinition } from '../../../src/core/plugins/types.ts';
import { createTestDatabase } from '../../../src/testkit/database.ts';
import { bootApp, silentLogger } from '../../helpers/app.ts';

// The test plugins' services are not declared in DbsbmServices (that would add them to every build), so `use` is
// called through a plain signature here.
const use = (ctx: PluginContext<unknown, Record<string, unknown>> | undefined, name: string): unknown => (ctx!.use as (n: string) => unknown)(name);

const greeter = definePlugin({ name: 'greeter', version: '1.0.0', provides: () => ({ greet: (who: string) => `Hello, ${who}` }) });
const silent = definePlugin({ name: 'silent', version: '1.0.0' });
const friend = definePlugin({ name: 'friend', version: '1.0.0', requires: ['greeter', 'silent'], events: ['core.guild.changed'] });
const stranger = definePlugin({ name: 'stranger', version: '1.0.0' });

test('ctx.use: works for a required plugin, refuses one not in `requires`, and one that provides nothing', async (t) => {
  const app = await bootApp(t, [{ plugin: greeter }, { plugin: silent }, { plugin: friend }, { plugin: stranger }]);
  const api = use(app.contextOf('friend'), 'greeter') as { greet(who: string): string };
  t.is(api.greet('Sam'), 'Hello, Sam');

  const notRequired = t.throws(() => use(app.contextOf('stranger'), 'greeter'), { instanceOf: PluginError });
  t.is(notRequired.code, PluginErrorCodes.PLUGIN_SERVICE_NOT_REQUIRED);
  t.regex(notRequired.message, /stranger/);
  t.regex(notRequired.message, /add "greeter" to `requires`/);

  const missing = t.throws(() => use(app.contextOf('friend'), 'silent'), { instanceOf: PluginError });
  t.is(missing.code, PluginErrorCodes.PLUGIN_SERVICE_MISSING);
  t.regex(missing.message, /"silent", which provides no service/);
});

test('a plugin may publish only the events it declares', async (t) => {
  const app = await bootApp(t, [{ plugin: greeter }, { plugin: silent }, { plugin: friend }, { plugin: stranger }]);
  const undeclared = await t.throwsAsync(async () => app.contextOf('stranger')!.events.publish('core.guild.changed', { guildId: '1', reason: 'test' }), { instanceOf: PluginError });
  t.is(undeclared.code, PluginErrorCodes.PLUGIN_EVENT_UNDECLARED);
  t.regex(undeclared.message, /stranger[\s\S]*"core\.guild\.changed"/);
  const inTransaction = await t.throwsAsync(
    app.orm.em.fork().transactional((em) => app.contextOf('stranger')!.events.publishInTransaction(em as never, 'core.guild.changed', { guildId: '1', reason: 'test' })),
    { instanceOf: PluginError },
  );
  t.is(inTransaction.code, PluginErrorCodes.PLUGIN_EVENT_UNDECLARED);
  await t.notThrowsAsync(async () => app.contextOf('friend')!.events.publish('core.guild.changed', { guildId: '1', reason: 'test' }));
});

/** Boots an app that is expected to fail, on a database of its own that is dropped afterwards. */
async function failedBoot(t: ExecutionContext, plugins: PluginDefinition[]): Promise<PluginError> {
  const db = await createTestDatabase();
  t.teardown(() => db.drop());
  // No Redis here: the boot fails before anything would use it.
  const config = loadConfig({ DATABASE_URL: db.url, HTTP_PORT: '0', LOG_LEVEL: 'silent' });
  const err = await t.throwsAsync(App.create({ config, plugins: plugins.map((plugin) => ({ plugin })), logger: silentLogger, bot: false, jobs: { autoStart: false } }), { instanceOf: PluginError });
  return err!;
}

test('two plugins declaring the same refusal code fail boot with PLUGIN_REFUSAL_DUPLICATE, naming both', async (t) => {
  const spec = { title: 'Out of tea', status: 409, description: 'No tea left.' };
  const one = definePlugin({ name: 'tea-one', version: '1.0.0', refusals: { OUT_OF_TEA: spec } });
  const two = definePlugin({ name: 'tea-two', version: '1.0.0', refusals: { OUT_OF_TEA: spec } });
  const err = await failedBoot(t, [one, two]);
  t.is(err.code, PluginErrorCodes.PLUGIN_REFUSAL_DUPLICATE);
  t.regex(err.message, /"OUT_OF_TEA"/);
  t.regex(err.message, /tea-one/);
  t.regex(err.message, /tea-two/);
});

test("a plugin redeclaring one of the core's refusal codes fails boot the same way", async (t) => {
  const err = await failedBoot(t, [definePlugin({ name: 'shadow', version: '1.0.0', refusals: { NOT_FOUND: { title: 'Gone', description: 'Gone.' } } })]);
  t.is(err.code, PluginErrorCodes.PLUGIN_REFUSAL_DUPLICATE);
  t.regex(err.message, /already declared by "core"/);
});
