import test from 'ava';
import { isTimeZone, readDate } from '../../../../src/plugins/betting/import/dates.ts';

const at = (text: string, zone = 'UTC'): number => {
  const read = readDate(text, zone);
  if (!read.ok) throw new Error(`${text}: ${read.why}`);
  return read.epochMs;
};
const why = (text: string, zone = 'UTC'): string => {
  const read = readDate(text, zone);
  if (read.ok) throw new Error(`${text} was read as ${new Date(read.epochMs).toISOString()}`);
  return read.why;
};

test('ISO 8601 with a zone keeps its zone, whatever the server zone', (t) => {
  t.is(at('2024-03-01T19:30:00Z', 'Asia/Tokyo'), Date.UTC(2024, 2, 1, 19, 30));
  t.is(at('2024-03-01t19:30:00z', 'Asia/Tokyo'), Date.UTC(2024, 2, 1, 19, 30));
  t.is(at('2024-03-01T19:30:00.250Z'), Date.UTC(2024, 2, 1, 19, 30, 0, 250));
  t.is(at('2024-03-01T19:30:00+02:00', 'America/New_York'), Date.UTC(2024, 2, 1, 17, 30));
  t.is(at('2024-03-01T19:30:00-0500'), Date.UTC(2024, 2, 2, 0, 30));
  t.is(at('2024-03-01T19:30+05:45'), Date.UTC(2024, 2, 1, 13, 45));
  t.is(at('2024-03-01 19:30Z'), Date.UTC(2024, 2, 1, 19, 30));
});

test('a date without a zone is a wall-clock time in the server zone, summer time included', (t) => {
  t.is(at('2024-03-01T19:30', 'America/New_York'), Date.UTC(2024, 2, 2, 0, 30));
  t.is(at('2024-07-01T19:30', 'America/New_York'), Date.UTC(2024, 6, 1, 23, 30));
  t.is(at('2024-03-01 19:30', 'Europe/London'), Date.UTC(2024, 2, 1, 19, 30));
  t.is(at('2024-07-01 19:30', 'Europe/London'), Date.UTC(2024, 6, 1, 18, 30));
  t.is(at('2024-03-01 19:30:15', 'Asia/Tokyo'), Date.UTC(2024, 2, 1, 10, 30, 15));
  t.is(at('2024-03-01', 'America/Los_Angeles'), Date.UTC(2024, 2, 1, 8));
  t.is(at('2024-3-1 9:05', 'Australia/Sydney'), Date.UTC(2024, 1, 29, 22, 5));
});

test('MM/DD/YYYY is US order, with an optional 24-hour or AM/PM time', (t) => {
  t.is(at('03/01/2024', 'America/New_York'), Date.UTC(2024, 2, 1, 5));
  t.is(at('3/1/2024 7:30 PM', 'America/New_York'), Date.UTC(2024, 2, 2, 0, 30));
  t.is(at('3/1/2024 19:30', 'America/New_York'), Date.UTC(2024, 2, 2, 0, 30));
  t.is(at('12/31/2023 12:05 AM'), Date.UTC(2023, 11, 31, 0, 5));
  t.is(at('12/31/2023 12:05 pm'), Date.UTC(2023, 11, 31, 12, 5));
  t.is(at('12/31/2023, 11:59:30 p.m.'), Date.UTC(2023, 11, 31, 23, 59, 30));
  t.regex(why('13/01/2024'), /13 is not a month \(MM\/DD\/YYYY is read in US order, month first\)/);
  t.regex(why('02/30/2024'), /2024-02 has no day 30/);
  t.regex(why('3/1/2024 13:00 PM'), /13 is not an hour on a 12-hour clock/);
});

test('Unix seconds and milliseconds', (t) => {
  t.is(at('1709321400', 'Asia/Tokyo'), 1_709_321_400_000);
  t.is(at('1709321400123'), 1_709_321_400_123);
  t.is(at('999999999'), 999_999_999_000);
});

test('impossible dates and times are refused with the reason', (t) => {
  t.regex(why('2024-02-30'), /2024-02 has no day 30/);
  t.is(at('2024-02-29'), Date.UTC(2024, 1, 29));
  t.regex(why('2023-02-29'), /2023-02 has no day 29/);
  t.regex(why('2024-13-01'), /13 is not a month/);
  t.regex(why('2024-03-01 25:00'), /25:00 is not a time of day/);
  t.regex(why('2024-03-01 10:61'), /10:61 is not a time of day/);
  t.regex(why('yesterday'), /is not a date \(use ISO 8601 .*MM\/DD\/YYYY \(US order\) or Unix seconds\)/);
  t.regex(why('01.03.2024'), /is not a date/);
});

test('a time skipped by the clocks going forward reads with the old offset; a repeated time is its first occurrence', (t) => {
  t.is(at('2024-03-10 02:30', 'America/New_York'), Date.UTC(2024, 2, 10, 7, 30)); // 03:30 EDT
  t.is(at('2024-11-03 01:30', 'America/New_York'), Date.UTC(2024, 10, 3, 5, 30)); // 01:30 EDT, not EST
  t.is(at('2024-03-31 02:30', 'Europe/Berlin'), Date.UTC(2024, 2, 31, 1, 30)); // 03:30 CEST
  t.is(at('2024-10-27 02:30', 'Europe/Berlin'), Date.UTC(2024, 9, 27, 0, 30)); // 02:30 CEST, the first
});

test('time zones are checked against the runtime', (t) => {
  t.true(isTimeZone('America/New_York'));
  t.true(isTimeZone('UTC'));
  t.false(isTimeZone('Mars/Olympus_Mons'));
});
