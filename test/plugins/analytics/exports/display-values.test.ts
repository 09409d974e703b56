import test from 'ava';
import { displayValue, EMPTY_CELL, formatPercent, formatUnits } from '../../../../src/plugins/analytics/exports/index.ts';

test('units are signed with two decimals and a u', (t) => {
  t.is(formatUnits(1.5), '+1.50u');
  t.is(formatUnits(-0.755), '-0.76u');
  t.is(formatUnits(0), '0.00u');
  t.is(formatUnits(-0.001), '0.00u');
  t.is(formatUnits(1234.5), '+1234.50u');
});

test('percent is the fraction times 100 with one decimal', (t) => {
  t.is(formatPercent(0.6), '60.0%');
  t.is(formatPercent(0.123456), '12.3%');
  t.is(formatPercent(1), '100.0%');
  t.is(formatPercent(-0.0004), '0.0%');
});

test('each kind has its display form; null is a dash', (t) => {
  const zone = 'America/New_York';
  t.is(displayValue(1234567, 'int', zone), '1,234,567');
  t.is(displayValue(1.909, 'decimal', zone), '1.91');
  t.is(displayValue(1.005, 'decimal', zone), '1.01');
  t.is(displayValue(Date.UTC(2025, 6, 4, 16, 0), 'date', zone), '2025-07-04 12:00');
  t.is(displayValue('Zoë', 'text', zone), 'Zoë');
  t.is(displayValue(null, 'units', zone), EMPTY_CELL);
  t.is(displayValue(undefined, 'text', zone), EMPTY_CELL);
});

test('a label in a numeric column is shown as written', (t) => {
  t.is(displayValue('n/a', 'units', 'UTC'), 'n/a');
});
