import test from 'ava';
import { fitText, measureText } from '../../../src/core/charts/text-measure.ts';

test('text that fits is returned unchanged', (t) => {
  t.is(fitText('Soccer', 150, 11), 'Soccer');
});

test('text that does not fit is cut to within the width and ends with an ellipsis', (t) => {
  const long = 'International Friendlies and Qualifiers League';
  const fitted = fitText(long, 150, 11);
  t.true(fitted.endsWith('…'));
  t.true(long.startsWith(fitted.slice(0, -1)));
  t.true(measureText(fitted, 11) <= 150);
  t.true(measureText(fitText(long, 150, 11, 'bold'), 11, 'bold') <= 150);
});

test('bold text measures wider than regular', (t) => {
  t.true(measureText('Net units', 16, 'bold') > measureText('Net units', 16));
});
