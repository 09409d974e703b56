import test from 'ava';
import { mulberry32 } from '../../../../src/core/random/seeded-random.ts';
import {
  displayInZone,
  isoInZone,
  isTimeZone,
  offsetMs,
  wallTime,
  wallTimeAsUtc,
} from '../../../../src/plugins/analytics/exports/zoned-time.ts';

test('ISO strings carry the zone offset, including half-hour zones and the southern summer', (t) => {
  const instant = Date.UTC(2025, 0, 15, 12, 0, 0);
  t.is(isoInZone(instant, 'UTC'), '2025-01-15T12:00:00+00:00');
  t.is(isoInZone(instant, 'Europe/Paris'), '2025-01-15T13:00:00+01:00');
  t.is(isoInZone(instant, 'America/New_York'), '2025-01-15T07:00:00-05:00');
  t.is(isoInZone(instant, 'Asia/Kolkata'), '2025-01-15T17:30:00+05:30');
  t.is(isoInZone(instant, 'Australia/Sydney'), '2025-01-15T23:00:00+11:00');
  t.is(isoInZone(instant + 250, 'UTC'), '2025-01-15T12:00:00.250+00:00');
});

test('the offset changes exactly at a daylight-saving transition', (t) => {
  // London springs forward at 01:00 UTC on 30 March 2025 and falls back at 01:00 UTC on 26 October.
  const spring = Date.UTC(2025, 2, 30, 1, 0, 0);
  t.is(isoInZone(spring - 1000, 'Europe/London'), '2025-03-30T00:59:59+00:00');
  t.is(isoInZone(spring, 'Europe/London'), '2025-03-30T02:00:00+01:00');
  const autumn = Date.UTC(2025, 9, 26, 1, 0, 0);
  t.is(isoInZone(autumn - 1000, 'Europe/London'), '2025-10-26T01:59:59+01:00');
  t.is(isoInZone(autumn, 'Europe/London'), '2025-10-26T01:00:00+00:00');
  // Lord Howe Island moves by half an hour, at 15:00 UTC on 5 October 2024.
  const lordHowe = Date.UTC(2024, 9, 5, 15, 30);
  t.is(offsetMs(lordHowe - 60_000, 'Australia/Lord_Howe'), 10.5 * 3_600_000);
  t.is(offsetMs(lordHowe, 'Australia/Lord_Howe'), 11 * 3_600_000);
});

test('wall time agrees with Intl for instants spread over decades and zones', (t) => {
  const zones = ['Europe/London', 'America/Sao_Paulo', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns'];
  const fields = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' } as const;
  // Varied instants, the same on every run.
  const next = mulberry32(12345);
  for (const zone of zones) {
    const intl = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', ...fields });
    for (let i = 0; i < 400; i++) {
      const instant = Math.floor(Date.UTC(1990, 0, 1) + next() * 50 * 365 * 86_400_000);
      const parts = Object.fromEntries(intl.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
      const wall = wallTime(instant, zone);
      t.deepEqual(
        [wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second],
        [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second],
        `${zone} at ${new Date(instant).toISOString()}`,
      );
    }
  }
});

test('wall time read as UTC shifts an instant by the offset', (t) => {
  const instant = Date.UTC(2025, 6, 1, 12, 0, 0, 5);
  t.is(wallTimeAsUtc(wallTime(instant, 'Europe/Berlin')), instant + 2 * 3_600_000);
});

test('display dates are YYYY-MM-DD HH:mm in the zone', (t) => {
  t.is(displayInZone(Date.UTC(2025, 2, 5, 13, 30), 'Europe/Paris'), '2025-03-05 14:30');
  t.is(displayInZone(Date.UTC(2025, 11, 31, 23, 30), 'Asia/Tokyo'), '2026-01-01 08:30');
});

test('time zone names are checked against the runtime', (t) => {
  t.true(isTimeZone('America/Chicago'));
  t.true(isTimeZone('UTC'));
  t.false(isTimeZone('Mars/Olympus_Mons'));
  t.false(isTimeZone(''));
});
