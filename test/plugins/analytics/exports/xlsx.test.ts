import test from 'ava';
import ExcelJS from 'exceljs';
import {
  toXlsx,
  XLSX_NUMBER_FORMATS,
  XLSX_SHEETS,
  type ReportTable,
} from '../../../../src/plugins/analytics/exports/index.ts';
import { leaderboard, leaderboardWithChart } from './report.fixture.ts';

async function read(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as its own ArrayBuffer-like `Buffer`, which Node's Buffer does not match.
  await workbook.xlsx.load(new Uint8Array(buffer).buffer);
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (found === undefined) throw new Error(`no sheet ${name}`);
  return found;
}

/** Row number of the header: title, subtitle, generated line, two filters, a blank row. */
const HEADER_ROW = 7;

test('the report sheet starts with the title, subtitle, generation time and filters', async (t) => {
  const report = sheet(await read(await toXlsx(leaderboard)), XLSX_SHEETS.report);
  t.is(report.getCell('A1').value, 'Leaderboard — March 2025');
  t.true(report.getCell('A1').font?.bold);
  t.is(report.getCell('A2').value, 'Settled bets, all sports');
  t.is(report.getCell('A3').value, 'Generated 2025-03-31 19:05 (Europe/London)');
  t.deepEqual([report.getCell('A4').value, report.getCell('B4').value], ['Period', '2025-03-01 to 2025-03-31']);
  t.deepEqual([report.getCell('A5').value, report.getCell('B5').value], ['Sport', 'All']);
  t.deepEqual(report.getRow(HEADER_ROW).values, [undefined, 'Member', 'Bets', 'Net', 'Win rate', 'Avg odds', 'Last bet']);
  t.true(report.getCell(HEADER_ROW, 1).font?.bold);
});

test('data cells read back as the same numbers, text and wall-clock dates', async (t) => {
  const report = sheet(await read(await toXlsx(leaderboard)), XLSX_SHEETS.report);
  leaderboard.rows.forEach((row, i) => {
    const cells = report.getRow(HEADER_ROW + 1 + i);
    t.is(cells.getCell(1).value, row.member);
    t.is(cells.getCell(2).value, row.bets);
    t.is(cells.getCell(3).value, row.net);
    t.is(cells.getCell(4).value, row.winRate);
    t.is(cells.getCell(5).value, row.odds);
  });
  // 13:30 UTC is 13:30 in London in winter; 01:00 UTC on 30 March is 02:00 BST.
  t.deepEqual(report.getCell(HEADER_ROW + 1, 6).value, new Date(Date.UTC(2025, 2, 5, 13, 30)));
  t.deepEqual(report.getCell(HEADER_ROW + 3, 6).value, new Date(Date.UTC(2025, 2, 30, 2, 0)));
  t.is(report.getCell(HEADER_ROW + 4, 6).value, null);
});

test('number formats follow the column kinds', async (t) => {
  const report = sheet(await read(await toXlsx(leaderboard)), XLSX_SHEETS.report);
  const first = report.getRow(HEADER_ROW + 1);
  t.is(first.getCell(2).numFmt, XLSX_NUMBER_FORMATS.int);
  t.is(first.getCell(3).numFmt, '+0.00"u";-0.00"u";0.00"u"');
  t.is(first.getCell(4).numFmt, '0.0%');
  t.is(first.getCell(5).numFmt, XLSX_NUMBER_FORMATS.decimal);
  t.is(first.getCell(6).numFmt, XLSX_NUMBER_FORMATS.date);
  t.falsy(first.getCell(1).numFmt);
  t.falsy(report.getCell('C1').numFmt);
});

test('the totals row is bold, labelled and formatted, after the data', async (t) => {
  const report = sheet(await read(await toXlsx(leaderboard)), XLSX_SHEETS.report);
  const totals = report.getRow(HEADER_ROW + leaderboard.rows.length + 1);
  t.deepEqual(totals.values, [undefined, 'Total', 1256, 13.09, 0.5532]);
  t.true(totals.getCell(3).font?.bold);
  t.is(totals.getCell(3).numFmt, XLSX_NUMBER_FORMATS.units);
  t.is(report.rowCount, totals.number);
});

test('the header is frozen and the autofilter spans header and data, not totals', async (t) => {
  const report = sheet(await read(await toXlsx(leaderboard)), XLSX_SHEETS.report);
  t.like(report.views[0], { state: 'frozen', ySplit: HEADER_ROW });
  t.is(report.autoFilter, `A${HEADER_ROW}:F${HEADER_ROW + leaderboard.rows.length}`);
});

test('with a chart, a Chart sheet holds its PNG', async (t) => {
  const workbook = await read(await toXlsx(leaderboardWithChart));
  const images = sheet(workbook, XLSX_SHEETS.chart).getImages();
  t.is(images.length, 1);
  const image = workbook.getImage(Number(images[0].imageId));
  t.is(image.extension, 'png');
  const png = Buffer.from(image.buffer as unknown as Uint8Array);
  t.is(png.subarray(1, 4).toString('latin1'), 'PNG');
  // Drawn at twice the 960×480 it is shown at.
  t.is(png.readUInt32BE(16), 1920);
  t.is(png.readUInt32BE(20), 960);
});

test('without a chart there is no Chart sheet', async (t) => {
  const workbook = await read(await toXlsx(leaderboard));
  t.deepEqual(
    workbook.worksheets.map((w) => w.name),
    [XLSX_SHEETS.report],
  );
});

test('progress runs from 0 to the row count', async (t) => {
  const table: ReportTable = {
    ...leaderboard,
    rows: Array.from({ length: 1200 }, (_, i) => ({ member: `m${i}`, bets: i })),
  };
  const calls: [number, number][] = [];
  await toXlsx(table, (done, total) => calls.push([done, total]));
  t.deepEqual(calls, [
    [0, 1200],
    [500, 1200],
    [1000, 1200],
    [1200, 1200],
  ]);
});

test('invalid tables are refused before anything is written', async (t) => {
  await t.throwsAsync(toXlsx({ ...leaderboard, rows: [{ lastBet: 'yesterday' }] }), { message: /REPORT_INVALID/ });
});
