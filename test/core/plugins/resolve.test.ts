import test from 'ava';
import { z } from 'zod';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { PluginError } from '../../../src/core/plugins/errors.ts';
import { resolvePlugins } from '../../../src/core/plugins/resolve.ts';

const p = (name: string, extra: Record<string, unknown> = {}) => ({ plugin: definePlugin({ name, version: '1.0.0', ...extra }) });

test('plugins are ordered after the plugins they require, whatever the listed order', (t) => {
  const order = resolvePlugins([p('analytics', { requires: ['betting'] }), p('ml', { requires: ['betting', 'analytics'] }), p('betting')]).map(
    (r) => r.definition.name,
  );
  t.deepEqual(order, ['betting', 'analytics', 'ml']);
});

test('a missing dependency is refused with a message naming both plugins', (t) => {
  const err = t.throws(() => resolvePlugins([p('analytics', { requires: ['betting'] })]), { instanceOf: PluginError });
  t.is(err.code, 'PLUGIN_DEPENDENCY_MISSING');
  t.is(err.plugin, 'analytics');
  t.regex(err.message, /requires "betting", which is not in plugins\.config\.ts/);
});

test('a dependency cycle is refused with the cycle spelled out', (t) => {
  const err = t.throws(() => resolvePlugins([p('aa', { requires: ['bb'] }), p('bb', { requires: ['cc'] }), p('cc', { requires: ['aa'] })]), {
    instanceOf: PluginError,
  });
  t.is(err.code, 'PLUGIN_DEPENDENCY_CYCLE');
  t.regex(err.message, /aa -> bb -> cc -> aa/);
});

test('bad options are refused with the option path and what was wrong', (t) => {
  const plugin = definePlugin({ name: 'opts', version: '1.0.0', options: z.object({ limit: z.number().int().min(1) }) });
  const err = t.throws(() => resolvePlugins([{ plugin, options: { limit: 0 } }]), { instanceOf: PluginError });
  t.is(err.code, 'PLUGIN_OPTIONS_INVALID');
  t.regex(err.message, /limit: /);
  const ok = resolvePlugins([{ plugin, options: { limit: 3 } }]);
  t.deepEqual(ok[0]!.options, { limit: 3 });
});

test('a plugin made for another plugin API version is refused', (t) => {
  const err = t.throws(() => resolvePlugins([p('old', { api: '^0.3.0' })]), { instanceOf: PluginError });
  t.is(err.code, 'PLUGIN_API_MISMATCH');
  t.regex(err.message, /supports plugin API "\^0\.3\.0" but this DBSBM provides 1\.0\.0/);
  t.notThrows(() => resolvePlugins([p('current', { api: '^1.0.0' })]));
});

test('duplicates, bad names, bad versions and settings without defaults are refused', (t) => {
  t.is(t.throws(() => resolvePlugins([p('twice'), p('twice')]), { instanceOf: PluginError }).code, 'PLUGIN_DUPLICATE');
  t.is(t.throws(() => resolvePlugins([p('Bad Name')]), { instanceOf: PluginError }).code, 'PLUGIN_INVALID');
  t.is(t.throws(() => resolvePlugins([p('core')]), { instanceOf: PluginError }).code, 'PLUGIN_INVALID');
  t.is(t.throws(() => resolvePlugins([p('ver', { version: 'one' })]), { instanceOf: PluginError }).code, 'PLUGIN_INVALID');
  const noDefault = definePlugin({ name: 'nodef', version: '1.0.0', settings: z.object({ channel: z.string() }) });
  const err = t.throws(() => resolvePlugins([{ plugin: noDefault }]), { instanceOf: PluginError });
  t.regex(err.message, /every setting needs a default; these have none: channel/);
});
