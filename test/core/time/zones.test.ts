import test from 'ava';
import { canonicalTimeZone, instantOf, isTimeZone, localDayNumber, offsetMs, startOfLocalDay, wallTime, wallTimeAsUtc, type WallTime } from '../../../src/core/time/zones.ts';

const wall = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): WallTime => ({ year, month, day, hour, minute, second, millisecond });
const HOUR = 3_600_000;

test('zone names: known zones and aliases are accepted, anything else is refused without throwing', (t) => {
  for (const zone of ['UTC', 'utc', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe']) t.true(isTimeZone(zone), zone);
  for (const zone of ['', 'Not/A_Zone', 'GMT+99', 'Europe/Pariss', ' Europe/Paris']) t.false(isTimeZone(zone), JSON.stringify(zone));
  t.is(canonicalTimeZone('europe/london'), 'Europe/London');
  t.is(canonicalTimeZone('utc'), 'UTC');
  t.is(canonicalTimeZone('Mars/Olympus'), null);
  t.throws(() => offsetMs(0, 'Mars/Olympus'), { instanceOf: RangeError });
});

test('the local parts of an instant, including half-hour zones and the evening before', (t) => {
  const instant = Date.UTC(2025, 0, 1, 3, 30, 15, 250);
  t.deepEqual(wallTime(instant, 'America/New_York'), wall(2024, 12, 31, 22, 30, 15, 250));
  t.deepEqual(wallTime(instant, 'Asia/Kolkata'), wall(2025, 1, 1, 9, 0, 15, 250));
  t.is(offsetMs(instant, 'Europe/Paris'), HOUR);
  t.is(offsetMs(Date.UTC(2025, 6, 1), 'Europe/Paris'), 2 * HOUR);
  t.is(wallTimeAsUtc(wall(24, 3, 1, 12)), Date.UTC(2024, 2, 1, 12) - Date.UTC(2024, 0, 1) + new Date('0024-01-01T00:00:00Z').getTime());
});

test('DST gap: a skipped wall time is read with the offset from before the change', (t) => {
  // Paris springs forward at 02:00 local on 30 March 2025 (01:00 UTC): 02:30 does not exist; it reads as 03:30 CEST.
  t.is(instantOf(wall(2025, 3, 30, 2, 30), 'Europe/Paris'), Date.UTC(2025, 2, 30, 1, 30));
  t.is(instantOf(wall(2025, 3, 30, 1, 59), 'Europe/Paris'), Date.UTC(2025, 2, 30, 0, 59));
  t.is(instantOf(wall(2025, 3, 30, 3, 0), 'Europe/Paris'), Date.UTC(2025, 2, 30, 1, 0));
  // New York: 02:00 → 03:00 on 9 March 2025.
  t.is(instantOf(wall(2025, 3, 9, 2, 15), 'America/New_York'), Date.UTC(2025, 2, 9, 7, 15));
});

test('DST overlap: a repeated wall time is its first occurrence', (t) => {
  // Paris falls back at 03:00 CEST on 26 October 2025 (01:00 UTC): 02:30 happens at 00:30 and 01:30 UTC.
  t.is(instantOf(wall(2025, 10, 26, 2, 30), 'Europe/Paris'), Date.UTC(2025, 9, 26, 0, 30));
  t.is(instantOf(wall(2025, 10, 26, 3, 0), 'Europe/Paris'), Date.UTC(2025, 9, 26, 2, 0));
  // Lord Howe Island moves by half an hour (02:00 +11 → 01:30 +10:30 on 6 April 2025, 15:00 UTC): 01:45 is first at 14:45 UTC.
  t.is(instantOf(wall(2025, 4, 6, 1, 45), 'Australia/Lord_Howe'), Date.UTC(2025, 3, 5, 14, 45));
  // Both readings of an overlapped time give back the same wall time.
  for (const at of [Date.UTC(2025, 9, 26, 0, 30), Date.UTC(2025, 9, 26, 1, 30)]) t.like(wallTime(at, 'Europe/Paris'), { hour: 2, minute: 30 });
});

test('instantOf and wallTime agree away from transitions, in many zones', (t) => {
  for (const zone of ['UTC', 'Europe/London', 'America/Los_Angeles', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns']) {
    for (let at = Date.UTC(2024, 0, 1, 5, 17); at < Date.UTC(2025, 0, 1); at += 7 * 86_400_000 + 3_600_000) {
      t.is(instantOf(wallTime(at, zone), zone), at, `${zone} ${new Date(at).toISOString()}`);
    }
  }
});

test('local days: day numbers are consecutive, and a day starts at local midnight (or the first minute that exists)', (t) => {
  const before = Date.UTC(2025, 5, 14, 21, 59); // 23:59 on 14 June in Paris
  const midnight = Date.UTC(2025, 5, 14, 22); // 00:00 on 15 June in Paris
  t.is(localDayNumber(midnight, 'Europe/Paris') - localDayNumber(before, 'Europe/Paris'), 1);
  t.is(localDayNumber(midnight, 'Europe/Paris'), Date.UTC(2025, 5, 15) / 86_400_000);
  t.is(startOfLocalDay(Date.UTC(2025, 5, 15, 12), 'Europe/Paris'), midnight);
  t.is(startOfLocalDay(Date.UTC(2025, 0, 1, 3), 'America/New_York'), Date.UTC(2024, 11, 31, 5));
  // The spring-forward day is 23 hours long, the autumn one 25.
  const spring = startOfLocalDay(Date.UTC(2025, 2, 30, 12), 'Europe/Paris');
  t.is(startOfLocalDay(Date.UTC(2025, 2, 31, 12), 'Europe/Paris') - spring, 23 * HOUR);
  const autumn = startOfLocalDay(Date.UTC(2025, 9, 26, 12), 'Europe/Paris');
  t.is(startOfLocalDay(Date.UTC(2025, 9, 27, 12), 'Europe/Paris') - autumn, 25 * HOUR);
  // Santiago skips midnight (00:00 → 01:00 on 7 September 2025): the day starts at 01:00 local, 04:00 UTC.
  t.is(startOfLocalDay(Date.UTC(2025, 8, 7, 15), 'America/Santiago'), Date.UTC(2025, 8, 7, 4));
  t.like(wallTime(Date.UTC(2025, 8, 7, 4), 'America/Santiago'), { day: 7, hour: 1, minute: 0 });
});
