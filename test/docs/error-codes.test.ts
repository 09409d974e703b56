import { readFileSync } from 'node:fs';
import test from 'ava';
import { PluginErrorCodes } from '../../src/core/plugins/errors.ts';

test('every plugin error code is documented in docs/plugin-authors.md', (t) => {
  const doc = readFileSync('docs/plugin-authors.md', 'utf8');
  for (const code of Object.values(PluginErrorCodes)) t.true(doc.includes(`\`${code}\``), `${code} is missing from the docs`);
});
