import test from 'ava';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fontBuffer, fontPath } from '../../../src/core/charts/index.ts';

test('the shipped fonts are found under the project root whatever the working directory', (t) => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  t.is(fontPath('regular'), `${root}assets/fonts/DejaVuSans.ttf`);
  t.is(fontPath('bold'), `${root}assets/fonts/DejaVuSans-Bold.ttf`);
  t.true(existsSync(fontPath('bold')));
});

test('font bytes are read once and shared', (t) => {
  const regular = fontBuffer('regular');
  t.is(fontBuffer('regular'), regular);
  // A TrueType file starts with version 1.0.
  t.is(regular.readUInt32BE(0), 0x00010000);
  t.not(fontBuffer('bold'), regular);
});
