import test from 'ava';
import { monthOfDay, monthStartDay, nextMonth } from '../../../../src/plugins/analytics/services/days.ts';
import { memberRows, splitMonths } from '../../../../src/plugins/analytics/services/rollup-source.ts';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

test('month keys read as year and month, and step over December', (t) => {
  t.is(monthOfDay(day('2026-12-31')), 202612);
  t.is(monthOfDay(day('1970-01-01')), 197001);
  t.is(monthStartDay(202612), day('2026-12-01'));
  t.is(nextMonth(202612), 202701);
  t.is(nextMonth(202601), 202602);
});

test('a range splits into its whole months and the days around them', (t) => {
  // All time to the end of 7 December: every month before December, then December's first 7 days.
  t.deepEqual(splitMonths({ fromDay: 0, toDay: day('2026-12-08') }), { months: { from: 197001, to: 202612 }, days: [{ fromDay: day('2026-12-01'), toDay: day('2026-12-08') }] });
  // The year to the end of its last day: twelve whole months, no days.
  t.deepEqual(splitMonths({ fromDay: day('2026-01-01'), toDay: day('2027-01-01') }), { months: { from: 202601, to: 202701 }, days: [] });
  // Starting mid-month: the first month's tail is read by day.
  t.deepEqual(splitMonths({ fromDay: day('2026-10-15'), toDay: day('2026-12-02') }), {
    months: { from: 202611, to: 202612 },
    days: [
      { fromDay: day('2026-10-15'), toDay: day('2026-11-01') },
      { fromDay: day('2026-12-01'), toDay: day('2026-12-02') },
    ],
  });
  // This month so far, or any range without a whole month: days only.
  t.deepEqual(splitMonths({ fromDay: day('2026-12-01'), toDay: day('2026-12-08') }), { months: null, days: [{ fromDay: day('2026-12-01'), toDay: day('2026-12-08') }] });
  t.deepEqual(splitMonths({ fromDay: day('2026-11-20'), toDay: day('2026-12-20') }), { months: null, days: [{ fromDay: day('2026-11-20'), toDay: day('2026-12-20') }] });
});

test('questions go to the smallest rows that answer them', (t) => {
  const range = { fromDay: day('2026-01-01'), toDay: day('2026-12-08') };
  const g = { guildId: '1', period: 'year' as const };
  t.regex(memberRows(g, range, 'member').from, /analytics_member_days .* union all .*analytics_member_months/);
  t.regex(memberRows(g, range, 'day').from, /^analytics_member_days where/);
  t.regex(memberRows({ ...g, sport: 'soccer' }, range, 'member').from, /^analytics_user_days where/);
  t.regex(memberRows(g, range, 'kind').from, /^analytics_user_days where/);
  t.regex(memberRows(g, { fromDay: day('2026-12-01'), toDay: day('2026-12-08') }, 'member').from, /^analytics_member_days where/);
  const capper = memberRows({ ...g, capper: '12345' }, range, 'member');
  t.deepEqual(capper.params, ['1', day('2026-12-01'), day('2026-12-08'), '12345', '1', 202601, 202612, '12345']);
});
