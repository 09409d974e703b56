/**
 * Quiet hours: a daily window of local wall-clock time in which a member's non-critical notifications wait.
 *
 * What the window means on a daylight-saving night. A member who sets 22:00–07:00 means "from when my clock shows
 * 22:00 until my clock shows 07:00", so the window is placed by the clock, not by its length:
 *
 * - A wall time skipped by a spring-forward change (01:30 in Europe/London on 2026-03-29, whose clocks go from
 *   01:00 straight to 02:00) is the first instant after the gap, when the clock first reads a time past it
 *   (02:00 BST). Note that this differs from `instantOf`, which reads a skipped time with the old offset (02:30).
 * - A wall time repeated by a fall-back change is its first occurrence: the clock has shown the end time, so
 *   notifications flow again, and the window is one contiguous span, not switched back on when the hour repeats.
 *
 * So a window that spans the change is an hour shorter (spring) or longer (autumn) than on other nights.
 */
import { canonicalTimeZone, clip, instantOf, isTimeZone, offsetMs, wallTime, wallTimeAsUtc } from 'dbsbm';
import { z } from 'zod';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const clockTime = z.string().regex(HHMM, { error: 'use 24-hour HH:MM, e.g. 22:30' });

const timeZone = z
  .string()
  .refine(isTimeZone, { error: (issue) => `unknown time zone '${clip(String(issue.input), 64)}': use an IANA name such as Europe/London` })
  .transform(spelling);

// Node 20's ICU "canonicalises" to legacy names (Asia/Kolkata → Asia/Calcutta, Europe/Kyiv → Europe/Kiev), which a
// member would not recognise as theirs: the canonical name fixes only the case of what they typed.
function spelling(zone: string): string {
  const canonical = canonicalTimeZone(zone);
  return canonical !== null && canonical.toLowerCase() === zone.toLowerCase() ? canonical : zone;
}

/**
 * A member's quiet hours as they enter them: `start` and `end` in 24-hour `HH:MM`, `timeZone` an IANA name or alias
 * (its case fixed from the canonical name, `europe/london` → `Europe/London`; an alias such as `Asia/Kolkata` kept
 * as typed). `start` equal to `end` means no quiet hours.
 */
export const quietHoursSchema = z.object({ start: clockTime, end: clockTime, timeZone });

/** Parsed quiet hours (see {@link quietHoursSchema}). */
export type QuietHours = z.output<typeof quietHoursSchema>;

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

function minutesOf(hhmm: string): { hour: number; minute: number } {
  const match = HHMM.exec(hhmm);
  if (match === null) throw new RangeError(`not an HH:MM time: '${hhmm}'`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(date.year, date.month - 1, date.day + days);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The instant the clock in `zone` first reads `hhmm` on `date`: its first occurrence when the time repeats, and the
 * end of the gap when a spring-forward change skips it.
 */
function clockReaches(date: LocalDate, hhmm: string, zone: string): number {
  const wall = { ...date, ...minutesOf(hhmm), second: 0, millisecond: 0 };
  const asUtc = wallTimeAsUtc(wall);
  const instant = instantOf(wall, zone);
  if (instant + offsetMs(instant, zone) === asUtc) return instant;
  // Skipped: the gap's start T satisfies T + before <= asUtc < T + after, so T lies in (asUtc - after, asUtc - before].
  const before = offsetMs(asUtc - 86_400_000, zone);
  const after = offsetMs(asUtc + 86_400_000, zone);
  let lo = asUtc - after; // still on the old offset
  let hi = asUtc - before; // already on the new one
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * When the member's quiet hours in force at `now` end (epoch ms), or null when `now` is outside them. The window
 * includes its start and excludes its end; a window whose end is not after its start crosses midnight.
 * @example quietUntil(Date.UTC(2026, 0, 10, 23), { start: '22:00', end: '07:00', timeZone: 'Europe/London' }) // Date.UTC(2026, 0, 11, 7)
 */
export function quietUntil(now: number, q: QuietHours): number | null {
  if (q.start === q.end) return null;
  const crossesMidnight = q.end < q.start; // HH:MM compares as text
  const local = wallTime(now, q.timeZone);
  const today: LocalDate = { year: local.year, month: local.month, day: local.day };
  // The window containing `now` starts yesterday or today by the clock, or tomorrow in a zone whose fall-back
  // repeats the last hour of a day (Beirut): after a window starting at 00:10 began, the clock reads 23:xx again.
  for (const offset of [-1, 0, 1]) {
    const day = addDays(today, offset);
    const from = clockReaches(day, q.start, q.timeZone);
    const until = clockReaches(crossesMidnight ? addDays(day, 1) : day, q.end, q.timeZone);
    if (from <= now && now < until) return until;
  }
  return null;
}

/**
 * Quiet hours as a member reads them.
 * @example describeQuietHours({ start: '22:00', end: '07:00', timeZone: 'Europe/London' }) // '22:00–07:00 (Europe/London)'
 */
export function describeQuietHours(q: QuietHours): string {
  if (q.start === q.end) return 'no quiet hours';
  return `${q.start}–${q.end} (${q.timeZone})`;
}
