/**
 * Dates as trackers export them: ISO 8601, `YYYY-MM-DD HH:mm`, US `MM/DD/YYYY`, or Unix seconds or milliseconds.
 * A date without a zone is a wall-clock time in the server's IANA zone.
 */

/** A date read, or why it could not be (to follow `<column> "<text>"`). */
export type DateReading = { ok: true; epochMs: number } | { ok: false; why: string };

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?$/i;
const UNIX = /^\d{9,13}$/;
/** Below this a Unix number is seconds (up to the year 5138), at or above it milliseconds (from March 1973). */
const SECONDS_BELOW = 1e11;

export const DATE_FORMATS_HINT = 'use ISO 8601 (2024-03-01T19:30:00Z), YYYY-MM-DD HH:mm, MM/DD/YYYY (US order) or Unix seconds';

/**
 * Reads one date cell.
 * @param text The cell, trimmed.
 * @param timeZone IANA zone for times without an offset (`America/New_York`).
 * @example readDate('03/01/2024 7:30 PM', 'America/New_York') // { ok: true, epochMs: Date.UTC(2024, 2, 2, 0, 30) }
 */
export function readDate(text: string, timeZone: string): DateReading {
  if (UNIX.test(text)) {
    const n = Number(text);
    return { ok: true, epochMs: n < SECONDS_BELOW ? n * 1000 : n };
  }
  const iso = ISO.exec(text);
  if (iso) {
    const wall = checkWall(Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[4], iso[5], iso[6], iso[7]);
    if (typeof wall === 'string') return { ok: false, why: wall };
    return { ok: true, epochMs: iso[8] ? withOffset(wall, iso[8]) : wallTimeToEpoch(wall, timeZone) };
  }
  const us = US.exec(text);
  if (us) {
    const month = Number(us[1]);
    if (month > 12) return { ok: false, why: `is not a date: ${month} is not a month (MM/DD/YYYY is read in US order, month first)` };
    let hour = us[4];
    if (us[7] !== undefined && hour !== undefined) {
      const h = Number(hour);
      if (h < 1 || h > 12) return { ok: false, why: `is not a date: ${h} is not an hour on a 12-hour clock` };
      hour = String((h % 12) + (/^p/i.test(us[7]) ? 12 : 0));
    }
    const wall = checkWall(Number(us[3]), month, Number(us[2]), hour, us[5], us[6], undefined);
    if (typeof wall === 'string') return { ok: false, why: wall };
    return { ok: true, epochMs: wallTimeToEpoch(wall, timeZone) };
  }
  return { ok: false, why: `is not a date (${DATE_FORMATS_HINT})` };
}

function checkWall(year: number, month: number, day: number, hour?: string, minute?: string, second?: string, fraction?: string): WallTime | string {
  if (month < 1 || month > 12) return `is not a date: ${month} is not a month`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `is not a date: ${year}-${pad(month)} has no day ${day}`;
  const wall = { year, month, day, hour: Number(hour ?? 0), minute: Number(minute ?? 0), second: Number(second ?? 0), ms: fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0 };
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return `is not a date: ${hour}:${minute}${second ? `:${second}` : ''} is not a time of day`;
  return wall;
}

function withOffset(wall: WallTime, zone: string): number {
  const utc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.ms);
  if (zone.toUpperCase() === 'Z') return utc;
  const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const minutes = Number(hh) * 60 + Number(mm ?? 0);
  return utc - (sign === '-' ? -1 : 1) * minutes * 60_000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(epochMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(epochMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time names in a zone. A time skipped by a spring-forward change is read with the offset
 * from before the change (02:30 on a 02:00→03:00 night is 03:30); a time repeated in autumn is its first occurrence.
 */
export function wallTimeToEpoch(wall: WallTime, timeZone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.ms);
  // The instant is within 14 hours of `asUtc`; when the offset is the same a day either side of that window (no zone
  // changes twice in three days), it is the offset. The day-start offsets are cached: a file has few distinct days.
  const day = Math.floor(asUtc / DAY);
  const steady = offsetAtDayStart(day - 1, timeZone);
  if (steady === offsetAtDayStart(day + 2, timeZone)) return asUtc - steady;
  const before = offsetAt(asUtc - DAY, timeZone);
  const after = offsetAt(asUtc + DAY, timeZone);
  const readings = [asUtc - before, asUtc - after].filter((t) => t + offsetAt(t, timeZone) === asUtc);
  return readings.length > 0 ? Math.min(...readings) : asUtc - before;
}

const DAY = 86_400_000;
const dayStartOffsets = new Map<string, number>();

function offsetAtDayStart(day: number, timeZone: string): number {
  const key = `${timeZone}|${day}`;
  let offset = dayStartOffsets.get(key);
  if (offset === undefined) {
    // Bounded so a long-running bot importing many files does not grow it forever.
    if (dayStartOffsets.size >= 100_000) dayStartOffsets.clear();
    offset = offsetAt(day * DAY, timeZone);
    dayStartOffsets.set(key, offset);
  }
  return offset;
}

/** True when the runtime knows the IANA zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');
