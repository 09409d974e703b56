import test from 'ava';
import { loadPluginsConfig, normalizePluginEntries } from '../../../src/core/plugins/load-config.ts';
import { PluginError } from '../../../src/core/plugins/errors.ts';
import { bootApp } from '../../helpers/app.ts';

test('plugins.config.ts loads the example plugin from its npm package, and the app boots it', async (t) => {
  const entries = await loadPluginsConfig();
  const hello = entries.find((e) => e.plugin.name === 'hello');
  t.truthy(hello, 'dbsbm-plugin-hello is listed');
  const app = await bootApp(t, entries);
  t.true(app.registry.has('hello'));
  t.true(await app.gate.isOn('hello', '500000001'));
});

test('a package that is not installed is refused with what to run', async (t) => {
  const err = await t.throwsAsync(normalizePluginEntries([{ package: 'dbsbm-plugin-missing' }]), { instanceOf: PluginError });
  t.is(err.code, 'PLUGIN_LOAD_FAILED');
  t.regex(err.message, /npm install dbsbm-plugin-missing/);
});

test('a config that is not a list is refused', async (t) => {
  const err = await t.throwsAsync(normalizePluginEntries({ plugins: [] }), { instanceOf: PluginError });
  t.regex(err.message, /must export default an array/);
});
