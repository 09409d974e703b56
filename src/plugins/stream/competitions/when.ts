/**
 * Dates and times as people type them in a command: `2026-12-08`, `2026-12-08 18:00`, `2026-12-08T18:00:30`, with
 * an optional `Z`, `UTC` or offset (`+01:00`); `now` for a start. A time without an offset is a wall-clock time in
 * the zone given (the core's zone arithmetic, so a time skipped or repeated by a clock change reads as it does
 * everywhere else in DBSBM).
 */
import { instantOf } from 'dbsbm';

/** How a moment was read, or why it could not be. */
export type MomentReading = { ok: true; at: number; dateOnly: boolean } | { ok: false; why: string };

/** The forms accepted, for refusal messages. */
export const MOMENT_FORMATS = '`2026-12-08 18:00` (a date and a 24-hour time), `2026-12-08` (a whole day), optionally ending in `Z` or an offset such as `+01:00`';

const FORM = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(z|utc|[+-]\d{2}(?::?\d{2})?)?$/i;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Reads one moment.
 * @param text As typed (trimmed here).
 * @param timeZone IANA zone of a time without an offset.
 * @param now The moment `now` stands for.
 * @example readMoment('2026-12-08 18:00', 'UTC', Date.now()) // { ok: true, at: Date.UTC(2026, 11, 8, 18), dateOnly: false }
 */
export function readMoment(text: string, timeZone: string, now: number): MomentReading {
  const typed = text.trim();
  if (/^now$/i.test(typed)) return { ok: true, at: now, dateOnly: false };
  const m = FORM.exec(typed);
  if (!m) return { ok: false, why: `"${typed}" is not a date; write it as ${MOMENT_FORMATS}.` };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return { ok: false, why: `"${typed}": ${month} is not a month.` };
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return { ok: false, why: `"${typed}": ${year}-${pad(month)} has no day ${day}.` };
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, why: `"${typed}": ${m[4]}:${m[5]} is not a time of day (use 00:00 to 23:59).` };
  const wall = { year, month, day, hour, minute, second, millisecond: 0 };
  const dateOnly = m[4] === undefined;
  const zone = m[7];
  if (zone === undefined) return { ok: true, at: instantOf(wall, timeZone), dateOnly };
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (/^(z|utc)$/i.test(zone)) return { ok: true, at: utc, dateOnly };
  const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const offsetMinutes = Number(hh) * 60 + Number(mm ?? 0);
  if (Number(hh) > 14 || Number(mm ?? 0) > 59) return { ok: false, why: `"${typed}": ${zone} is not a UTC offset.` };
  return { ok: true, at: utc - (sign === '-' ? -1 : 1) * offsetMinutes * 60_000, dateOnly };
}
