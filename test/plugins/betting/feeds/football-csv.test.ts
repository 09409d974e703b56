import test from 'ava';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  bookSum,
  isPossibleBook,
  parseFootballCsvReport,
  readFootballCsv,
  readFootballCsvReport,
} from '../../../../src/datasets/index.ts';

const SEASON = fileURLToPath(
  new URL('../../../../src/plugins/betting/data/england-premier-league-2022-2023.csv', import.meta.url),
);
const MIXED = fileURLToPath(new URL('./fixtures/football-mixed.csv', import.meta.url));

test('the copied season has 380 matches, all of 2022-2023, starting with Crystal Palace 0-2 Arsenal', async (t) => {
  const report = await readFootballCsvReport(SEASON);
  t.is(report.rows, 380);
  t.is(report.matches.length, 380);
  t.deepEqual(report.skipped, []);
  t.is(report.impossibleBooks, 0);
  t.true(report.matches.every((m) => m.season === '2022-2023' && m.league === 'premier-league'));

  const first = report.matches[0];
  t.deepEqual(first, {
    date: new Date('2022-08-05T21:00:00Z'),
    country: 'england',
    league: 'premier-league',
    season: '2022-2023',
    homeTeam: 'Crystal Palace',
    awayTeam: 'Arsenal',
    ftHome: 0,
    ftAway: 2,
    htHome: 0,
    htAway: 1,
    open: { home: 3.33, draw: 3.34, away: 2.07, over25: 1.92, under25: 1.88 },
    close: { home: 4.58, draw: 3.57, away: 1.85, over25: 2.09, under25: 1.76 },
    impossibleBook: false,
  });
  const last = report.matches[379];
  t.is(last.date.toISOString(), '2023-05-28T17:30:00.000Z');
});

test('the copied season keeps the shared file header and is the 2022-2023 slice of it', async (t) => {
  const text = await readFile(SEASON, 'utf8');
  const lines = text.trimEnd().split('\n');
  t.is(
    lines[0],
    'Date,country,league,Season,HomeTeam,AwayTeam,FTHG,FTAG,HTHG,HTAG,home_close,home_open,draw_close,draw_open,away_close,away_open,over_2.5_close,over_2.5_open,under_2.5_close,under_2.5_open,bts_yes_close,bts_yes_open,bts_no_close,bts_no_open',
  );
  t.is(lines.length, 381);
  t.true(lines.slice(1).every((l) => l.split(',')[3] === '2022-2023'));
});

test('readFootballCsv returns the matches alone', async (t) => {
  const matches = await readFootballCsv(SEASON);
  t.is(matches.length, 380);
});

test('malformed rows are skipped with a reason and impossible books are counted, not dropped', async (t) => {
  const report = await readFootballCsvReport(MIXED);
  t.is(report.rows, 10);
  t.deepEqual(
    report.matches.map((m) => m.homeTeam),
    ['Manchester City', 'Crystal Palace', 'Synthetic Home', 'Fine Home'],
  );
  t.is(report.skipped.length, 6);
  t.deepEqual(
    report.skipped.map((s) => s.line),
    [5, 6, 7, 8, 9, 10],
  );
  t.regex(report.skipped[0].reason, /Date: bad date/);
  t.regex(report.skipped[1].reason, /home_close/);
  t.regex(report.skipped[2].reason, /away_close/);
  t.regex(report.skipped[3].reason, /FTHG/);
  t.regex(report.skipped[4].reason, /HTHG|home_close/);
  t.regex(report.skipped[5].reason, /HomeTeam/);

  // Manchester City v Aston Villa 2016: a 1X2 book summing to 0.69; the synthetic row: over/under at 3.0 each.
  t.is(report.impossibleBooks, 2);
  const byHome = new Map(report.matches.map((m) => [m.homeTeam, m]));
  t.true(byHome.get('Manchester City')?.impossibleBook);
  t.true(byHome.get('Synthetic Home')?.impossibleBook);
  t.false(byHome.get('Fine Home')?.impossibleBook);
  // No over/under columns: no totals prices rather than a half market.
  t.deepEqual(byHome.get('Crystal Palace')?.close, { home: 1.92, draw: 3.61, away: 4.06 });
});

test('a CSV that breaks mid-file (unclosed quote) is reported, not thrown', async (t) => {
  const text = [
    'Date,country,league,Season,HomeTeam,AwayTeam,FTHG,FTAG,HTHG,HTAG,home_close,home_open,draw_close,draw_open,away_close,away_open',
    '2022-08-06 12:00,england,premier-league,2022-2023,A,B,1,0,0,0,2,2,3.4,3.4,4,4',
    '2022-08-06 14:00,england,"premier-league,2022-2023,C,D,1,0,0,0,2,2,3.4,3.4,4,4',
  ].join('\n');
  const report = await parseFootballCsvReport(text);
  t.is(report.matches.length, 1);
  t.is(report.skipped.length, 1);
  t.regex(report.skipped[0].reason, /quote/i);
});

test('a missing file rejects', async (t) => {
  await t.throwsAsync(readFootballCsv('/nonexistent/football.csv'), { code: 'ENOENT' });
});

test('book checks', (t) => {
  t.true(Math.abs(bookSum([2, 2]) - 1) < 1e-12);
  t.true(isPossibleBook({ home: 2.5, draw: 3.2, away: 2.9 }));
  t.false(isPossibleBook({ home: 2.05, draw: 7.28, away: 16.15 }));
  t.false(isPossibleBook({ home: 2.5, draw: 3.2, away: 2.9, over25: 2.1, under25: 2.1 }));
});
