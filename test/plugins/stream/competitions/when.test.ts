import test from 'ava';
import { Refusal } from '../../../../src/core/refusals/refusal.ts';
import { readCompetitionPlan } from '../../../../src/plugins/stream/competitions/create-input.ts';
import { readMoment } from '../../../../src/plugins/stream/competitions/when.ts';

const now = Date.UTC(2026, 11, 7, 21, 0);

test('dates as people type them: a date-time, a whole day, an offset or Z, now', (t) => {
  t.deepEqual(readMoment('2026-12-08 18:00', 'UTC', now), { ok: true, at: Date.UTC(2026, 11, 8, 18), dateOnly: false });
  t.deepEqual(readMoment('2026-12-08T18:00:30', 'UTC', now), { ok: true, at: Date.UTC(2026, 11, 8, 18, 0, 30), dateOnly: false });
  t.deepEqual(readMoment('2026-12-08', 'UTC', now), { ok: true, at: Date.UTC(2026, 11, 8), dateOnly: true });
  t.deepEqual(readMoment('2026-12-08 18:00 +01:00', 'America/New_York', now), { ok: true, at: Date.UTC(2026, 11, 8, 17), dateOnly: false });
  t.deepEqual(readMoment('2026-12-08 18:00Z', 'Europe/Paris', now), { ok: true, at: Date.UTC(2026, 11, 8, 18), dateOnly: false });
  t.deepEqual(readMoment(' NOW ', 'UTC', now), { ok: true, at: now, dateOnly: false });
  // Wall-clock times in the zone given, across a clock change (New York: EST in December, EDT in June).
  t.is((readMoment('2026-12-08 18:00', 'America/New_York', now) as { at: number }).at, Date.UTC(2026, 11, 8, 23));
  t.is((readMoment('2027-06-08 18:00', 'America/New_York', now) as { at: number }).at, Date.UTC(2027, 5, 8, 22));
  for (const bad of ['tomorrow', '12/08/2026', '2026-13-01', '2026-02-29', '2026-12-08 24:00', '2026-12-08 18:00 +15:00']) t.false(readMoment(bad, 'UTC', now).ok, bad);
});

test('a plan: end after start, at most 90 days, a start not in the past, a date alone as an end means the whole day', (t) => {
  t.like(readCompetitionPlan({ name: ' Cup ', start: 'now', end: '2026-12-10' }, now), { name: 'Cup', metric: 'net', timeZone: 'UTC', startsAt: now, endsAt: Date.UTC(2026, 11, 11) });
  // A start typed a few minutes late still opens the competition on creation, never before.
  t.like(readCompetitionPlan({ name: 'Cup', start: '2026-12-07 20:55', end: '2026-12-09 12:00' }, now), { startsAt: now });
  t.like(readCompetitionPlan({ name: 'Cup', start: '2026-12-08', end: '2027-03-07 12:00', timeZone: 'europe/london', metric: 'roi' }, now), { timeZone: 'Europe/London', metric: 'roi', startsAt: Date.UTC(2026, 11, 8) });
  const refused = (raw: Parameters<typeof readCompetitionPlan>[0]): string => {
    const err = t.throws(() => readCompetitionPlan(raw, now), { instanceOf: Refusal });
    t.is((err as Refusal).code, 'INVALID_INPUT');
    t.truthy((err as Refusal).next);
    return err!.message;
  };
  t.regex(refused({ name: 'Cup', start: '2026-12-09', end: '2026-12-08 10:00' }), /not after the start/);
  t.regex(refused({ name: 'Cup', start: 'now', end: '2027-03-08' }), /at most 90 days/);
  t.regex(refused({ name: 'Cup', start: '2026-12-06', end: '2026-12-09' }), /in the past/);
  t.regex(refused({ name: 'x'.repeat(101), start: 'now', end: '2026-12-09' }), /longer than 100/);
  t.regex(refused({ name: 'a\nb', start: 'now', end: '2026-12-09' }), /line breaks/);
  t.regex(refused({ name: 'Cup', start: 'now', end: '2026-12-09', timeZone: 'Mars/Olympus' }), /not a time zone/);
});
