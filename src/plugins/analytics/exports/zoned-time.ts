/**
 * Instants shown as wall-clock time in an IANA time zone, without a date library:
 * `Intl.DateTimeFormat` knows every zone and its daylight-saving rules.
 */

/** The calendar fields of an instant as seen on a clock in some zone. */
export interface WallTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

// Building a formatter costs far more than using one, and a 50,000-row export formats a
// date per row, so keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** True when `timeZone` is an IANA zone name (or an alias such as 'UTC') this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Reads the zone's clock at `epochMs` with Intl: exact, but ~10 µs a call. */
function exactWallTime(epochMs: number, timeZone: string): WallTime {
  const fields: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(epochMs)) fields[part.type] = part.value;
  const year = Number(fields.year);
  return {
    // en-US writes years before 1 CE as "1 BC" and so on; ISO year 0 is 1 BC.
    year: fields.era === 'BC' ? 1 - year : year,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour),
    minute: Number(fields.minute),
    second: Number(fields.second),
    millisecond: ((epochMs % 1000) + 1000) % 1000,
  };
}

/** `wall` read as if it were UTC, in epoch ms: the representation spreadsheets use for dates. */
export function wallTimeAsUtc(wall: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
  return date.getTime();
}

const HOUR_MS = 3_600_000;
// Offsets at the start of UTC hours, by "zone|hour". Bounded: a long-lived bot exports
// many periods, and a full cache is simply dropped and refilled.
const hourOffsets = new Map<string, number>();
const MAX_CACHED_HOURS = 50_000;

function offsetAtHour(timeZone: string, hour: number): number {
  const key = `${timeZone}|${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const at = hour * HOUR_MS;
    offset = wallTimeAsUtc(exactWallTime(at, timeZone)) - at;
    if (hourOffsets.size >= MAX_CACHED_HOURS) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return offset;
}

/**
 * Milliseconds the zone's clock is ahead of UTC at `epochMs` (+3,600,000 for Paris in winter).
 *
 * A 50,000-row export asks this once per date cell, so the offset is looked up per UTC hour:
 * when the hour starts and ends on the same offset, no transition falls inside it (zones
 * change offset months apart), and only hours holding a transition are read exactly.
 */
export function offsetMs(epochMs: number, timeZone: string): number {
  const hour = Math.floor(epochMs / HOUR_MS);
  const before = offsetAtHour(timeZone, hour);
  if (before === offsetAtHour(timeZone, hour + 1)) return before;
  return wallTimeAsUtc(exactWallTime(epochMs, timeZone)) - epochMs;
}

/** The wall-clock fields of `epochMs` in `timeZone`. */
export function wallTime(epochMs: number, timeZone: string): WallTime {
  const shifted = new Date(epochMs + offsetMs(epochMs, timeZone));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
  };
}

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
