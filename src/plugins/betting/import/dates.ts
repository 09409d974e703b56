/**
 * Dates as trackers export them: ISO 8601, `YYYY-MM-DD HH:mm`, US `MM/DD/YYYY`, or Unix seconds or milliseconds.
 * A date without a zone is a wall-clock time in the server's IANA zone.
 */

import { instantOf, type WallTime } from 'dbsbm';

// The zone arithmetic (and `isTimeZone`) is the core's; this file only reads the formats.
export { isTimeZone } from 'dbsbm';

/** A date read, or why it could not be (to follow `<column> "<text>"`). */
export type DateReading = { ok: true; epochMs: number } | { ok: false; why: string };

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
    return { ok: true, epochMs: iso[8] ? withOffset(wall, iso[8]) : instantOf(wall, timeZone) };
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
    return { ok: true, epochMs: instantOf(wall, timeZone) };
  }
  return { ok: false, why: `is not a date (${DATE_FORMATS_HINT})` };
}

function checkWall(year: number, month: number, day: number, hour?: string, minute?: string, second?: string, fraction?: string): WallTime | string {
  if (month < 1 || month > 12) return `is not a date: ${month} is not a month`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `is not a date: ${year}-${pad(month)} has no day ${day}`;
  const wall = { year, month, day, hour: Number(hour ?? 0), minute: Number(minute ?? 0), second: Number(second ?? 0), millisecond: fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0 };
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return `is not a date: ${hour}:${minute}${second ? `:${second}` : ''} is not a time of day`;
  return wall;
}

function withOffset(wall: WallTime, zone: string): number {
  const utc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  if (zone.toUpperCase() === 'Z') return utc;
  const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const minutes = Number(hh) * 60 + Number(mm ?? 0);
  return utc - (sign === '-' ? -1 : 1) * minutes * 60_000;
}

const pad = (n: number): string => String(n).padStart(2, '0');
