/**
 * Instants written as wall-clock time in an IANA time zone, for exports. The zone arithmetic is the core's
 * (`dbsbm`: `wallTime`, `offsetMs`); this file only writes the results down.
 */
import { offsetMs, wallTime } from 'dbsbm';

export { isTimeZone, offsetMs, wallTime, wallTimeAsUtc, type WallTime } from 'dbsbm';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function isoYear(year: number): string {
  if (year >= 0 && year <= 9999) return pad(year, 4);
  return `${year < 0 ? '-' : '+'}${pad(Math.abs(year), 6)}`;
}

/**
 * ISO 8601 date-time of `epochMs` in `timeZone`, with the zone's offset, and milliseconds
 * only when there are some, so it parses back to the same instant.
 *
 * @example
 * isoInZone(Date.UTC(2025, 2, 5, 13, 30), 'Europe/Paris') // '2025-03-05T14:30:00+01:00'
 */
export function isoInZone(epochMs: number, timeZone: string): string {
  const wall = wallTime(epochMs, timeZone);
  // ISO 8601 offsets stop at minutes; only local mean time before ~1900 had seconds.
  const offset = Math.round(offsetMs(epochMs, timeZone) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const ms = wall.millisecond === 0 ? '' : `.${pad(wall.millisecond, 3)}`;
  return (
    `${isoYear(wall.year)}-${pad(wall.month)}-${pad(wall.day)}` +
    `T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${ms}${zone}`
  );
}

/**
 * `YYYY-MM-DD HH:mm` of `epochMs` in `timeZone`, for people.
 *
 * @example
 * displayInZone(Date.UTC(2025, 2, 5, 13, 30), 'Europe/Paris') // '2025-03-05 14:30'
 */
export function displayInZone(epochMs: number, timeZone: string): string {
  const wall = wallTime(epochMs, timeZone);
  return `${isoYear(wall.year)}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}`;
}
