import test from 'ava';
import { parse } from 'csv-parse/sync';
import { toCsv, type ReportTable } from '../../../../src/plugins/analytics/exports/index.ts';
import { leaderboard } from './report.fixture.ts';

function records(csv: string): string[][] {
  return parse(csv, { relax_column_count: false }) as string[][];
}

test('the header row holds the column labels', (t) => {
  t.deepEqual(records(toCsv(leaderboard))[0], ['Member', 'Bets', 'Net', 'Win rate', 'Avg odds', 'Last bet']);
});

test('every row parses back to its values: text intact, numbers rounded, dates ISO in the zone', (t) => {
  const [, ...rows] = records(toCsv(leaderboard));
  t.deepEqual(rows, [
    ['alice', '1204', '1.5', '0.6', '1.909', '2025-03-05T13:30:00+00:00'],
    ['Bob "the Tout", Jr.', '42', '-0.76', '0.1235', '2.1', '2025-03-30T00:59:00+00:00'],
    ['carol\nsecond line', '7', '0', '0', '', '2025-03-30T02:00:00+01:00'],
    [`'=HYPERLINK("http://x")`, '3', '12.35', '1', '3.25', ''],
    ['Zoë 🎾', '0', '', '', '', '2025-04-01T00:59:00+01:00'],
  ]);
});

test('dates parse back to the same instants', (t) => {
  const [, ...rows] = records(toCsv(leaderboard));
  leaderboard.rows.forEach((row, i) => {
    if (typeof row.lastBet !== 'number') return;
    t.is(Date.parse(rows[i][5]), row.lastBet);
  });
});

test('numbers parse back to the raw values within their rounding', (t) => {
  const [, ...rows] = records(toCsv(leaderboard));
  leaderboard.rows.forEach((row, i) => {
    if (typeof row.net === 'number') t.true(Math.abs(Number(rows[i][2]) - row.net) <= 0.005 + 1e-12);
    if (typeof row.winRate === 'number') t.true(Math.abs(Number(rows[i][3]) - row.winRate) <= 0.00005 + 1e-12);
  });
});

test('the file is RFC 4180: CRLF records, quoted fields only where needed, doubled quotes', (t) => {
  const csv = toCsv(leaderboard);
  t.true(csv.startsWith('Member,Bets,Net,Win rate,Avg odds,Last bet\r\n'));
  t.true(csv.endsWith('\r\n'));
  t.true(csv.includes('\r\nalice,1204,1.5,0.6,1.909,2025-03-05T13:30:00+00:00\r\n'));
  t.true(csv.includes('"Bob ""the Tout"", Jr."'));
  t.true(csv.includes('"carol\nsecond line"'));
  t.false(csv.startsWith('\uFEFF'));
});

test('labels needing quotes are quoted too', (t) => {
  const table: ReportTable = {
    ...leaderboard,
    columns: [{ key: 'a', label: 'Net, "units"', kind: 'units' }],
    rows: [{ a: 1 }],
  };
  t.deepEqual(records(toCsv(table)), [['Net, "units"'], ['1']]);
});

test('a table with no rows is just the header', (t) => {
  t.is(toCsv({ ...leaderboard, rows: [] }), 'Member,Bets,Net,Win rate,Avg odds,Last bet\r\n');
});

test('a string in a units column is refused, naming the row and column', (t) => {
  const bad: ReportTable = { ...leaderboard, rows: [{ member: 'x', net: '1.5u' }] };
  t.throws(() => toCsv(bad), { message: /REPORT_INVALID.*row 0 column 'net' \(units\)/ });
});

test('fractional ints, non-finite numbers and unknown zones are refused', (t) => {
  t.throws(() => toCsv({ ...leaderboard, rows: [{ bets: 1.5 }] }), { message: /REPORT_INVALID.*'bets'/ });
  t.throws(() => toCsv({ ...leaderboard, rows: [{ net: Number.POSITIVE_INFINITY }] }), { message: /'net'/ });
  t.throws(() => toCsv({ ...leaderboard, timeZone: 'Mars/Olympus_Mons' }), { message: /REPORT_INVALID.*timeZone/ });
  t.throws(() => toCsv({ ...leaderboard, columns: [...leaderboard.columns, leaderboard.columns[0]] }), {
    message: /unique/,
  });
});

test('a column of bad cells is reported briefly', (t) => {
  const bad: ReportTable = { ...leaderboard, rows: Array.from({ length: 1000 }, () => ({ net: 'x' })) };
  const error = t.throws(() => toCsv(bad));
  t.regex(error?.message ?? '', /and 995 more/);
  t.true((error?.message.length ?? 0) < 1000);
});
