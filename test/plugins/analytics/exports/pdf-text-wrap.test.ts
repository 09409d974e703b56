import test from 'ava';
import { wrapLines } from '../../../../src/plugins/analytics/exports/pdf-text-wrap.ts';
import { measureText } from '../../../../src/core/charts/text-measure.ts';

test('text wraps at spaces into lines that fit', (t) => {
  const lines = wrapLines('Manchester United vs Liverpool at Old Trafford', 60, 8, 'regular', 10);
  t.true(lines.length > 1);
  t.is(lines.join(' '), 'Manchester United vs Liverpool at Old Trafford');
  for (const line of lines) t.true(measureText(line, 8) <= 60, line);
});

test('a word wider than the column is split inside it', (t) => {
  const word = 'Supercalifragilisticexpialidocious';
  const lines = wrapLines(word, 40, 8, 'bold', 10);
  t.true(lines.length > 1);
  t.is(lines.join(''), word);
  for (const line of lines) t.true(measureText(line, 8, 'bold') <= 40, line);
});

test('newlines always break, and too many lines end in an ellipsis', (t) => {
  t.deepEqual(wrapLines('one\ntwo', 200, 8, 'regular', 5), ['one', 'two']);
  const cut = wrapLines('a\nb\nc\nd', 200, 8, 'regular', 2);
  t.deepEqual(cut, ['a', 'b…']);
});
