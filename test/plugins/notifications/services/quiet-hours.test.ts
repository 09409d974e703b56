import test from 'ava';
import fc from 'fast-check';
import { wallTime } from '../../../../src/core/time/zones.ts';
import { describeQuietHours, quietHoursSchema, quietUntil, type QuietHours } from '../../../../src/plugins/notifications/services/quiet-hours.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const utc = (month: number, day: number, hour: number, minute = 0): number => Date.UTC(2026, month - 1, day, hour, minute);
const q = (start: string, end: string, timeZone: string): QuietHours => quietHoursSchema.parse({ start, end, timeZone });

/** The window containing `now`, as [start, end): walks back a minute at a time to where quiet hours began. */
function windowAround(now: number, hours: QuietHours): [number, number] {
  const end = quietUntil(now, hours);
  if (end === null) throw new Error('not quiet');
  let start = now;
  while (quietUntil(start - MINUTE, hours) === end) start -= MINUTE;
  return [start, end];
}

test('across midnight: quiet before and after midnight, until the next 07:00', (t) => {
  const night = q('22:00', '07:00', 'Europe/London');
  t.is(quietUntil(utc(1, 10, 23), night), utc(1, 11, 7));
  t.is(quietUntil(utc(1, 11, 3), night), utc(1, 11, 7));
  t.is(quietUntil(utc(1, 10, 12), night), null);
  t.is(quietUntil(utc(1, 10, 21, 59), night), null);
});

test('the start is inside the window and the end outside', (t) => {
  const night = q('22:00', '07:00', 'Europe/London');
  t.is(quietUntil(utc(1, 10, 22), night), utc(1, 11, 7));
  t.is(quietUntil(utc(1, 11, 7) - 1, night), utc(1, 11, 7));
  t.is(quietUntil(utc(1, 11, 7), night), null);
});

test('a window within one day', (t) => {
  // July: London is on BST (UTC+1), so 13:00–14:00 local is 12:00–13:00 UTC.
  const lunch = q('13:00', '14:00', 'Europe/London');
  t.is(quietUntil(utc(7, 1, 12), lunch), utc(7, 1, 13));
  t.is(quietUntil(utc(7, 1, 12, 30), lunch), utc(7, 1, 13));
  t.is(quietUntil(utc(7, 1, 11, 59), lunch), null);
  t.is(quietUntil(utc(7, 1, 13), lunch), null);
  t.is(quietUntil(utc(7, 1, 23), lunch), null);
});

test('start equal to end means no quiet hours', (t) => {
  const none = q('07:00', '07:00', 'Europe/London');
  for (let at = utc(1, 10, 0); at < utc(1, 11, 0); at += 30 * MINUTE) t.is(quietUntil(at, none), null);
  t.is(describeQuietHours(none), 'no quiet hours');
});

test('Europe/London spring forward (2026-03-29, 01:00 GMT → 02:00 BST): windows an hour shorter', (t) => {
  const early = q('00:30', '02:30', 'Europe/London');
  t.is(quietUntil(utc(3, 29, 0, 45), early), utc(3, 29, 1, 30)); // 02:30 BST
  t.deepEqual(windowAround(utc(3, 29, 0, 45), early), [utc(3, 29, 0, 30), utc(3, 29, 1, 30)]); // 1 h, not 2
  t.is(quietUntil(utc(3, 29, 1, 30), early), null);
  const night = q('22:00', '07:00', 'Europe/London');
  t.deepEqual(windowAround(utc(3, 29, 3), night), [utc(3, 28, 22), utc(3, 29, 6)]); // 8 h, not 9
  t.is(quietUntil(utc(3, 29, 6), night), null); // 07:00 BST
});

test('Europe/London spring forward: a skipped time is the first instant after the gap', (t) => {
  // 01:30 does not exist on 2026-03-29: the clock goes 00:59 GMT → 02:00 BST at 01:00 UTC.
  const endsInGap = q('22:00', '01:30', 'Europe/London');
  t.is(quietUntil(utc(3, 29, 0, 59), endsInGap), utc(3, 29, 1));
  t.is(quietUntil(utc(3, 29, 1), endsInGap), null);
  const startsInGap = q('01:30', '07:00', 'Europe/London');
  t.is(quietUntil(utc(3, 29, 1) - 1, startsInGap), null);
  t.is(quietUntil(utc(3, 29, 1), startsInGap), utc(3, 29, 6));
  // A window wholly inside the gap is never in force that night (the clock never shows 01:10–01:50).
  const inGap = q('01:10', '01:50', 'Europe/London');
  for (let at = utc(3, 28, 23); at < utc(3, 29, 4); at += 5 * MINUTE) t.is(quietUntil(at, inGap), null);
  t.is(quietUntil(utc(3, 30, 0, 20), inGap), utc(3, 30, 0, 50)); // the next night it is back (BST)
});

test('Europe/London fall back (2026-10-25, 02:00 BST → 01:00 GMT): windows an hour longer', (t) => {
  const early = q('00:30', '02:30', 'Europe/London');
  t.deepEqual(windowAround(utc(10, 25, 0), early), [utc(10, 24, 23, 30), utc(10, 25, 2, 30)]); // 3 h
  t.is(quietUntil(utc(10, 25, 1, 30), early), utc(10, 25, 2, 30)); // the clock reads 01:30 for the second time
  t.is(quietUntil(utc(10, 25, 2, 30), early), null);
  const night = q('22:00', '07:00', 'Europe/London');
  t.deepEqual(windowAround(utc(10, 25, 3), night), [utc(10, 24, 21), utc(10, 25, 7)]); // 10 h
  t.is(quietUntil(utc(10, 25, 7), night), null);
});

test('Europe/London fall back: a repeated time is its first occurrence, and the window is one span', (t) => {
  // The clock reads 01:00–01:59 twice: at 00:00–00:59 UTC (BST) and at 01:00–01:59 UTC (GMT).
  const endsRepeated = q('22:00', '01:30', 'Europe/London');
  t.is(quietUntil(utc(10, 25, 0, 29), endsRepeated), utc(10, 25, 0, 30));
  t.is(quietUntil(utc(10, 25, 0, 30), endsRepeated), null);
  t.is(quietUntil(utc(10, 25, 1, 15), endsRepeated), null); // 01:15 again: the member's 01:30 has come and gone
  const startsRepeated = q('01:30', '07:00', 'Europe/London');
  t.is(quietUntil(utc(10, 25, 0, 30), startsRepeated), utc(10, 25, 7));
  t.is(quietUntil(utc(10, 25, 1, 10), startsRepeated), utc(10, 25, 7)); // the clock went back to 01:10: still quiet
});

test('America/New_York: spring forward 2026-03-08 and fall back 2026-11-01', (t) => {
  const night = q('22:00', '07:00', 'America/New_York');
  t.deepEqual(windowAround(utc(3, 8, 5), night), [utc(3, 8, 3), utc(3, 8, 11)]); // 22:00 EST → 07:00 EDT, 8 h
  t.is(quietUntil(utc(3, 8, 11), night), null);
  t.deepEqual(windowAround(utc(11, 1, 5), night), [utc(11, 1, 2), utc(11, 1, 12)]); // 22:00 EDT → 07:00 EST, 10 h
  const early = q('00:30', '02:30', 'America/New_York');
  // 02:30 does not exist on 8 March (02:00 EST → 03:00 EDT at 07:00 UTC): quiet until the clock reads 03:00.
  t.deepEqual(windowAround(utc(3, 8, 6), early), [utc(3, 8, 5, 30), utc(3, 8, 7)]);
  t.deepEqual(windowAround(utc(11, 1, 6, 30), early), [utc(11, 1, 4, 30), utc(11, 1, 7, 30)]); // 3 h
});

test('Asia/Kolkata (UTC+5:30, no DST): the local date runs ahead of UTC', (t) => {
  const night = q('22:00', '07:00', 'Asia/Kolkata');
  t.is(quietUntil(utc(6, 1, 17), night), utc(6, 2, 1, 30)); // 22:30 IST on 1 June
  t.is(quietUntil(utc(6, 1, 20), night), utc(6, 2, 1, 30)); // 01:30 IST on 2 June, still 1 June in UTC
  t.is(quietUntil(utc(6, 2, 1, 30), night), null);
  t.is(quietUntil(utc(6, 1, 16, 29), night), null);
});

test('Australia/Sydney: DST ends in April and starts in October', (t) => {
  const night = q('22:00', '07:00', 'Australia/Sydney');
  // 5 April 2026: 03:00 AEDT → 02:00 AEST. 22:00 AEDT (11:00 UTC) to 07:00 AEST (21:00 UTC): 10 h.
  t.deepEqual(windowAround(utc(4, 4, 15), night), [utc(4, 4, 11), utc(4, 4, 21)]);
  t.is(quietUntil(utc(4, 4, 21), night), null);
  // 4 October 2026: 02:00 AEST → 03:00 AEDT. 22:00 AEST (12:00 UTC) to 07:00 AEDT (20:00 UTC): 8 h.
  t.deepEqual(windowAround(utc(10, 3, 15), night), [utc(10, 3, 12), utc(10, 3, 20)]);
  const early = q('00:30', '02:30', 'Australia/Sydney');
  t.deepEqual(windowAround(utc(10, 3, 15), early), [utc(10, 3, 14, 30), utc(10, 3, 16)]); // ends at 03:00 AEDT
  // 02:00–02:59 repeats on 5 April: the window ends at the first 02:30 (AEDT, 15:30 UTC), not the second.
  t.deepEqual(windowAround(utc(4, 4, 15), early), [utc(4, 4, 13, 30), utc(4, 4, 15, 30)]);
});

test('without DST, quiet hours are exactly the clock being inside the window', (t) => {
  const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  fc.assert(
    fc.property(time, time, fc.integer({ min: utc(1, 1, 0), max: utc(12, 31, 0) }), fc.constantFrom('Asia/Kolkata', 'UTC', 'Asia/Tokyo'), (start, end, now, zone) => {
      const hours = q(start, end, zone);
      const w = wallTime(now, zone);
      const clock = `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
      const inside = start === end ? false : start < end ? start <= clock && clock < end : clock >= start || clock < end;
      const until = quietUntil(now, hours);
      t.is(until !== null, inside);
      if (until !== null) {
        const e = wallTime(until, zone);
        t.is(`${String(e.hour).padStart(2, '0')}:${String(e.minute).padStart(2, '0')}`, end);
        t.true(until > now && until - now <= 24 * HOUR);
      }
    }),
  );
});

test('the schema: canonical zone names, and messages a member understands', (t) => {
  t.deepEqual(quietHoursSchema.parse({ start: '22:30', end: '06:00', timeZone: 'europe/london' }), { start: '22:30', end: '06:00', timeZone: 'Europe/London' });
  t.is(quietHoursSchema.parse({ start: '22:30', end: '06:00', timeZone: 'utc' }).timeZone, 'UTC');
  // Aliases ICU maps to older names stay as the member wrote them.
  t.is(quietHoursSchema.parse({ start: '22:30', end: '06:00', timeZone: 'Asia/Kolkata' }).timeZone, 'Asia/Kolkata');
  t.is(quietHoursSchema.parse({ start: '22:30', end: '06:00', timeZone: 'Europe/Kyiv' }).timeZone, 'Europe/Kyiv');
  for (const bad of ['7:00', '24:00', '22:60', '2230', '22:30:00', ' 22:30', '']) {
    const result = quietHoursSchema.safeParse({ start: bad, end: '07:00', timeZone: 'UTC' });
    t.false(result.success, bad);
    t.deepEqual(result.error?.issues.map((i) => [i.path, i.message]), [[['start'], 'use 24-hour HH:MM, e.g. 22:30']], bad);
  }
  const zone = quietHoursSchema.safeParse({ start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' });
  t.deepEqual(zone.error?.issues.map((i) => [i.path, i.message]), [[['timeZone'], "unknown time zone 'Mars/Olympus': use an IANA name such as Europe/London"]]);
  const long = quietHoursSchema.safeParse({ start: '22:00', end: '07:00', timeZone: 'x'.repeat(5000) });
  t.true((long.error?.issues[0]?.message.length ?? Infinity) < 200);
  t.false(quietHoursSchema.safeParse({ start: '22:00', end: '07:00', timeZone: 5 }).success);
});

test('describeQuietHours', (t) => {
  t.is(describeQuietHours(q('22:00', '07:00', 'europe/london')), '22:00–07:00 (Europe/London)');
  t.is(describeQuietHours(q('13:00', '14:00', 'Asia/Kolkata')), '13:00–14:00 (Asia/Kolkata)');
});
