import test from 'ava';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { displayValue, toCsv, toPdf, toXlsx } from '../../../../src/plugins/analytics/exports/index.ts';
import { readPdf } from './pdf-text.fixture.ts';
import { manyRows } from './report.fixture.ts';

// 50,000 rows is the size the exports are specified for.
const table = manyRows(50_000);
const last = table.rows[49_999];

test('a 50,000-row CSV has every row', (t) => {
  const records = parse(toCsv(table)) as string[][];
  t.is(records.length, 50_001);
  // 49,999 × 61 s after 2025-01-01T00:00Z is 35 days 7:12:19 later; net is 0.39 less float noise.
  t.deepEqual(records[50_000], ['member 49999', '44', '0.39', '0.999', '3.45', '2025-02-05T07:12:19+00:00']);
  t.is(Date.parse(records[50_000][5]), Number(last.lastBet));
});

test('a 50,000-row workbook has every row and reports progress to the end', async (t) => {
  let final: [number, number] = [0, 0];
  const buffer = await toXlsx(table, (done, total) => {
    final = [done, total];
  });
  t.deepEqual(final, [50_000, 50_000]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(buffer).buffer);
  const report = workbook.getWorksheet('Report');
  t.is(report?.getCell('A50007').value, 'member 49999');
  t.is(report?.getCell('C50007').value, last.net);
});

test('a 50,000-row PDF numbers its pages and ends with the last row', async (t) => {
  let final: [number, number] = [0, 0];
  const buffer = await toPdf(table, (done, total) => {
    final = [done, total];
  });
  t.deepEqual(final, [50_000, 50_000]);
  const [first, end] = await readPdf(buffer, { pages: (count) => [1, count] });
  t.true(end.of > 1000, `${end.of} pages`);
  t.true(first.items.includes(`Page 1 of ${end.of}`));
  t.true(end.items.includes(`Page ${end.of} of ${end.of}`));
  const cells = table.columns.map((c) => displayValue(last[c.key], c.kind, table.timeZone));
  t.is(end.items.slice(-cells.length - 2, -2).join('|'), cells.join('|'));
});
