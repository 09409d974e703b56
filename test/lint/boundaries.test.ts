import test from 'ava';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

// The lint step in `npm test` fails the build on these planted violations (and passes a clean plugin file).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `file` (relative to the repository root); returns "rule: message" lines. */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parser'}: ${m.message}`);
}

test('a plugin importing another plugin’s files fails the lint', async (t) => {
  const problems = await lint('src/plugins/analytics/planted.ts', "import { summary } from '../betting/services/stats.ts';\nexport const s = summary;\n");
  t.is(problems.length, 1);
  t.regex(problems[0]!, /^dbsbm\/boundaries: Plugin 'analytics' imports src\/plugins\/betting\/services\/stats\.ts/);
});

test('a plugin importing the core by relative path fails the lint', async (t) => {
  const problems = await lint('src/plugins/analytics/services/planted.ts', "import { App } from '../../../core/app.ts';\nexport const a = App;\n");
  t.is(problems.length, 1);
  t.regex(problems[0]!, /^dbsbm\/boundaries: Plugin 'analytics' imports src\/core\/app\.ts/);
  const fromRoot = await lint('src/plugins/analytics/planted.ts', "export { App } from '../../core/app.ts';\nexport type { Refusal } from '../../index.ts';\n");
  t.is(fromRoot.length, 2);
});

test('the core importing a plugin, the testkit or the package surface fails the lint', async (t) => {
  const plugin = await lint('src/core/plugins/planted.ts', "import betting from '../../plugins/betting/index.ts';\nexport const b = betting;\n");
  t.is(plugin.length, 1);
  t.regex(plugin[0]!, /^dbsbm\/boundaries: The core imports src\/plugins\/betting\/index\.ts/);
  const testkit = await lint('src/core/local/planted.ts', "export type { TestBot } from '../../testkit/index.ts';\n");
  t.regex(testkit.join('\n'), /never imports the testkit/);
  const surface = await lint('src/core/events/planted.ts', "import type { DbsbmEvents } from 'dbsbm';\nexport type E = DbsbmEvents;\n");
  t.regex(surface.join('\n'), /must not import 'dbsbm'/);
});

test('the emulator importing the core fails the lint', async (t) => {
  const problems = await lint('src/emulator/planted.ts', "import { App } from '../core/app.ts';\nexport const a = App;\n");
  t.regex(problems.join('\n'), /^dbsbm\/boundaries: The emulator imports src\/core\/app\.ts/);
});

test('an import cycle in src/ fails the lint', async (t) => {
  // app.ts imports db/migrations/index.ts: that file importing app.ts back closes a loop.
  const problems = await lint('src/core/db/migrations/index.ts', "import { App } from '../../app.ts';\nexport const coreMigrations = [App];\n");
  t.deepEqual(problems, ['import-x/no-cycle: Dependency cycle detected']);
});

test('a clean plugin file passes: dbsbm, dbsbm/*, its own files, builtins and npm packages', async (t) => {
  const code = [
    "import path from 'node:path';",
    "import { z } from 'zod';",
    "import { definePlugin, Refusal } from 'dbsbm';",
    "import type { TestBot } from 'dbsbm/testkit';",
    "import analytics from './index.ts';",
    "import type { AnalyticsContext } from '../analytics/services/context.ts';",
    'export const all = [path, z, definePlugin, Refusal, analytics];',
    'export type T = [TestBot, AnalyticsContext];',
    '',
  ].join('\n');
  t.deepEqual(await lint('src/plugins/analytics/planted.ts', code), []);
});
