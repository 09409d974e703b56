import test from 'ava';
import { A4, PAGE_MARGIN, layoutTable } from '../../../../src/plugins/analytics/exports/pdf-table-layout.ts';
import type { ReportColumn } from '../../../../src/plugins/analytics/exports/index.ts';

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

const columns: ReportColumn[] = [
  { key: 'member', label: 'Member', kind: 'text' },
  { key: 'net', label: 'Net', kind: 'units' },
  { key: 'at', label: 'Last bet', kind: 'date' },
];

test('a narrow table fills the portrait width, numbers right-aligned', (t) => {
  const layout = layoutTable(columns, [['alice', '+1.50u', '2025-03-05 13:30']]);
  t.is(layout.layout, 'portrait');
  t.is(layout.fontSize, 8);
  t.true(Math.abs(sum(layout.widths) - (A4.short - 2 * PAGE_MARGIN)) < 0.01);
  t.deepEqual(layout.align, ['left', 'right', 'right']);
  t.is(layout.x[0], PAGE_MARGIN);
  t.is(layout.x[1], PAGE_MARGIN + layout.widths[0]);
});

test('a long text cell makes its column wrap rather than push numbers off the page', (t) => {
  const long = 'word '.repeat(200).trim();
  const layout = layoutTable(columns, [[long, '+1.50u', '2025-03-05 13:30']]);
  t.is(layout.layout, 'portrait');
  t.true(sum(layout.widths) <= A4.short - 2 * PAGE_MARGIN + 0.01);
  t.deepEqual(layout.wraps, [true, false, false]);
});

test('too many number columns turn the page, then shrink the font', (t) => {
  const many = (n: number): ReportColumn[] =>
    Array.from({ length: n }, (_, i) => ({ key: `c${i}`, label: `Column ${i}`, kind: 'units' }));
  const twelve = layoutTable(many(12), [Array.from({ length: 12 }, () => '-14003.50u')]);
  t.is(twelve.layout, 'landscape');
  t.is(twelve.fontSize, 8);
  const thirty = layoutTable(many(30), [Array.from({ length: 30 }, () => '-14003.50u')]);
  t.is(thirty.layout, 'landscape');
  t.true(thirty.fontSize < 8 && thirty.fontSize >= 5);
  t.true(sum(thirty.widths) <= A4.long - 2 * PAGE_MARGIN + 0.01);
});
