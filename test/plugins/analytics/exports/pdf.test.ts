import test from 'ava';
import { displayValue, toPdf, type ReportTable } from '../../../../src/plugins/analytics/exports/index.ts';
import { leaderboard, leaderboardWithChart, manyRows } from './report.fixture.ts';
import { readPdf } from './pdf-text.fixture.ts';

const HEADER = ['Member', 'Bets', 'Net', 'Win rate', 'Avg odds', 'Last bet'];

/** Whether `sequence` appears in `items` in order, each adjacent to the next. */
function containsRun(items: string[], sequence: string[]): boolean {
  for (let i = 0; i + sequence.length <= items.length; i++) {
    if (sequence.every((s, k) => items[i + k] === s)) return true;
  }
  return false;
}

test('page 1 has the title, subtitle, generation time and filters; pages are A4', async (t) => {
  const pages = await readPdf(await toPdf(leaderboard));
  const text = pages[0].items.join(' ');
  t.true(text.includes('Leaderboard — March 2025'));
  t.true(text.includes('Settled bets, all sports'));
  t.true(text.includes('Generated 2025-03-31 19:05 · times in Europe/London'));
  t.true(text.includes('2025-03-01 to 2025-03-31'));
  t.is(Math.round(pages[0].width), 595);
  t.is(Math.round(pages[0].height), 842);
});

test('every row appears with its values in human formats', async (t) => {
  const items = (await readPdf(await toPdf(leaderboard))).flatMap((p) => p.items);
  t.true(containsRun(items, HEADER));
  t.true(containsRun(items, ['alice', '1,204', '+1.50u', '60.0%', '1.91', '2025-03-05 13:30']));
  t.true(containsRun(items, ['Bob "the Tout", Jr.', '42', '-0.76u', '12.3%', '2.10', '2025-03-30 00:59']));
  // The newline in a name starts a second line in the cell.
  t.true(containsRun(items, ['carol', 'second line', '7', '0.00u', '0.0%', '—', '2025-03-30 02:00']));
  t.true(containsRun(items, ['=HYPERLINK("http://x")', '3', '+12.35u', '100.0%', '3.25', '—']));
  // DejaVu Sans has no emoji: the glyph is drawn as the missing-glyph box, read back as NUL.
  t.true(containsRun(items, ['Zoë \u0000', '0', '—', '—', '—', '2025-04-01 00:59']));
  for (const row of leaderboard.rows) {
    for (const column of leaderboard.columns) {
      if (column.key === 'member') continue;
      t.true(items.includes(displayValue(row[column.key], column.kind, leaderboard.timeZone)));
    }
  }
});

test('the totals row follows the data', async (t) => {
  const items = (await readPdf(await toPdf(leaderboard))).flatMap((p) => p.items);
  t.true(containsRun(items, ['Total', '1,256', '+13.09u', '55.3%']));
  t.true(items.indexOf('Total') > items.indexOf('=HYPERLINK("http://x")'));
});

test('a chart is painted as an image on page 1', async (t) => {
  const [withChart] = await readPdf(await toPdf(leaderboardWithChart), { images: true });
  const [without] = await readPdf(await toPdf(leaderboard), { images: true });
  t.true(withChart.hasImage);
  t.false(without.hasImage);
});

test('5,000 rows run over many pages, each with the header and "Page n of N"', async (t) => {
  const table = manyRows(5000);
  const calls: number[] = [];
  const pages = await readPdf(await toPdf(table, (done, total) => calls.push(done / total)));
  t.true(pages.length > 50, `only ${pages.length} pages`);
  pages.forEach((page, i) => {
    t.true(containsRun(page.items, HEADER), `no header on page ${i + 1}`);
    t.true(page.items.includes(`Page ${i + 1} of ${pages.length}`), `no page number on page ${i + 1}`);
  });
  const items = pages.flatMap((p) => p.items);
  for (const i of [0, 1, 2499, 4999]) {
    const row = table.rows[i];
    const cells = table.columns.map((c) => displayValue(row[c.key], c.kind, table.timeZone));
    t.true(containsRun(items, cells), `row ${i} missing`);
  }
  // Each row once: the header is repeated, rows are not.
  t.is(items.filter((s) => /^member \d+$/.test(s)).length, 5000);
  t.is(calls[0], 0);
  t.is(calls.at(-1), 1);
  t.deepEqual([...calls].sort((a, b) => a - b), calls);
});

test('a table too wide for portrait turns the page landscape', async (t) => {
  const columns = Array.from({ length: 14 }, (_, i) => ({ key: `c${i}`, label: `Column ${i}`, kind: 'units' as const }));
  const wide: ReportTable = {
    ...leaderboard,
    totals: undefined,
    columns,
    rows: [Object.fromEntries(columns.map((c, i) => [c.key, -1000.25 * (i + 1)]))],
  };
  const [page] = await readPdf(await toPdf(wide));
  t.true(page.width > page.height);
  t.true(page.items.includes('-14003.50u'));
});

test('long text wraps inside its cell instead of being lost', async (t) => {
  const name = 'A member with a remarkably long display name that cannot possibly fit on one line of the table';
  const table: ReportTable = { ...leaderboard, totals: undefined, rows: [{ member: name, bets: 1 }] };
  const items = (await readPdf(await toPdf(table))).flatMap((p) => p.items);
  t.false(items.includes(name));
  t.is(items.filter((s) => name.includes(s) && s.length > 5).join(' '), name);
});

test('the same report gives byte-identical PDFs', async (t) => {
  const a = await toPdf(leaderboardWithChart);
  const b = await toPdf(structuredClone(leaderboardWithChart));
  t.true(a.equals(b));
});

test('an empty table still has its header and totals', async (t) => {
  const items = (await readPdf(await toPdf({ ...leaderboard, rows: [] }))).flatMap((p) => p.items);
  t.true(containsRun(items, HEADER));
  t.true(items.includes('Total'));
});
