import test from 'ava';
import { createLocalClock, resolveTimeZone } from '../../../../../src/plugins/analytics/services/patterns/local-clock.ts';

const instant = Date.UTC(2025, 0, 1, 3, 30); // 2025-01-01 03:30 UTC

test('an instant is read in the zone asked for', (t) => {
  t.like(createLocalClock('America/New_York').at(instant), { hour: 22, date: '2024-12-31' });
  t.like(createLocalClock('Asia/Tokyo').at(instant), { hour: 12, date: '2025-01-01' });
  t.like(createLocalClock('Asia/Kolkata').at(instant), { hour: 9, date: '2025-01-01' });
});

test('midnight is hour 0 and consecutive local dates are consecutive days', (t) => {
  const clock = createLocalClock('Europe/Paris');
  const midnight = clock.at(Date.UTC(2025, 5, 14, 22)); // 00:00 on 15 June in Paris (summer time)
  const before = clock.at(Date.UTC(2025, 5, 14, 21, 59));
  t.is(midnight.hour, 0);
  t.is(midnight.date, '2025-06-15');
  t.is(midnight.day - before.day, 1);
});

test('an unknown zone falls back to UTC and says so', (t) => {
  for (const zone of ['Not/A_Zone', '', 'GMT+99']) {
    const clock = createLocalClock(zone);
    t.is(clock.timeZone, 'UTC');
    t.true(clock.fellBack);
    t.like(clock.at(instant), { hour: 3, date: '2025-01-01' });
    t.is(resolveTimeZone(zone), 'UTC');
  }
  t.false(createLocalClock('utc').fellBack);
  t.is(resolveTimeZone('europe/london'), 'Europe/London');
});
