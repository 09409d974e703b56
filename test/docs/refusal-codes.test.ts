import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { CORE_REFUSAL_CODES } from '../../src/core/refusals/codes.ts';
import type { PluginDefinition } from '../../src/core/plugins/types.ts';

const PLUGINS_DIR = 'src/plugins';

/** Every built-in plugin definition (each folder's index.ts), read at run time so a new plugin is covered too. */
async function builtInPlugins(): Promise<PluginDefinition[]> {
  const names = readdirSync(PLUGINS_DIR).filter((name) => statSync(join(PLUGINS_DIR, name)).isDirectory());
  const modules = await Promise.all(names.map((name) => import(`../../${PLUGINS_DIR}/${name}/index.ts`) as Promise<{ default: PluginDefinition }>));
  return modules.map((m) => m.default);
}

/** Every TypeScript file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

test('every refusal code of the core and of every built-in plugin is documented in docs/refusals.md', async (t) => {
  const doc = readFileSync('docs/refusals.md', 'utf8');
  const codes = [...Object.keys(CORE_REFUSAL_CODES), ...(await builtInPlugins()).flatMap((p) => Object.keys(p.refusals ?? {}))];
  t.true(codes.length > Object.keys(CORE_REFUSAL_CODES).length, 'the plugins declare codes');
  for (const code of codes) t.true(doc.includes(`\`${code}\``), `${code} is missing from docs/refusals.md`);
});

test('every code thrown with a literal in src/ is declared by the core or a built-in plugin', async (t) => {
  const declared = new Set([...Object.keys(CORE_REFUSAL_CODES), ...(await builtInPlugins()).flatMap((p) => Object.keys(p.refusals ?? {}))]);
  const thrown = new Map<string, string>();
  for (const file of sources('src')) {
    for (const match of readFileSync(file, 'utf8').matchAll(/new (?:Refusal|ImportFileError)\(\s*'([A-Z][A-Z0-9_]*)'/g)) thrown.set(match[1]!, file);
  }
  t.true(thrown.size > 0);
  for (const [code, file] of thrown) t.true(declared.has(code), `${code} (thrown in ${file}) is declared nowhere: add it to the plugin's \`refusals\``);
});
