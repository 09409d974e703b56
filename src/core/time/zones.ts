/**
 * IANA time zones without a date library: `Intl.DateTimeFormat` knows every zone and its daylight-saving rules, and
 * this module turns it into the few questions plugins ask: is this a zone, what does a clock there read at an
 * instant, which instant does a wall-clock time there name, when does a local day start.
 *
 * Everything here is pure and cached per zone, so it is cheap enough to call once per row of a large export.
 * @since 0.2.0
 */

/** The calendar fields of an instant as a clock in some zone reads them. */
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

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

// Building a formatter costs far more than using one: keep one per zone (there are a few hundred at most).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23 rather than hour12: false, which some ICU versions render midnight as "24".
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

/**
 * Whether the runtime knows `timeZone` as an IANA zone name (or an alias such as `UTC`).
 * @example isTimeZone('Europe/Paris') // true
 * @example isTimeZone('Mars/Olympus') // false
 */
export function isTimeZone(timeZone: string): boolean {
  return canonicalTimeZone(timeZone) !== null;
}

/**
 * Intl's canonical name of a zone (`utc` → `UTC`, `europe/paris` → `Europe/Paris`), or null when it is not a zone.
 * Never throws.
 */
export function canonicalTimeZone(timeZone: string): string | null {
  try {
    return formatter(timeZone).resolvedOptions().timeZone;
  } catch {
    return null;
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

/**
 * `wall` read as if it were UTC, in epoch ms (the representation spreadsheets use for dates). Years below 100 stay
 * themselves (`Date.UTC` would read 24 as 1924).
 */
export function wallTimeAsUtc(wall: WallTime): number {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, wall.millisecond);
  return date.getTime();
}

// Offsets at the start of UTC hours, by "zone|hour". Bounded: a long-lived bot reads many periods, and a full
// cache is simply dropped and refilled.
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
 * Milliseconds the zone's clock is ahead of UTC at `epochMs` (+3,600,000 for Paris in winter). Throws a RangeError
 * for an unknown zone (check with {@link isTimeZone} first).
 *
 * The offset is looked up per UTC hour: when an hour starts and ends on the same offset no transition falls inside
 * it (zones change offset months apart), and only hours holding a transition are read exactly.
 */
export function offsetMs(epochMs: number, timeZone: string): number {
  const hour = Math.floor(epochMs / HOUR_MS);
  const before = offsetAtHour(timeZone, hour);
  if (before === offsetAtHour(timeZone, hour + 1)) return before;
  return wallTimeAsUtc(exactWallTime(epochMs, timeZone)) - epochMs;
}

/**
 * What a clock in `timeZone` reads at `epochMs`.
 * @example wallTime(Date.UTC(2025, 0, 1, 3), 'America/New_York').hour // 22 (the evening before)
 */
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

/**
 * The instant a wall-clock time names in a zone. A time skipped by a spring-forward change is read with the offset
 * from before the change (02:30 on a 02:00→03:00 night is 03:30, as if the clock had not been moved yet); a time
 * repeated in autumn is its first occurrence.
 * @example instantOf({ year: 2024, month: 3, day: 1, hour: 19, minute: 30, second: 0, millisecond: 0 }, 'America/New_York') // Date.UTC(2024, 2, 2, 0, 30)
 */
export function instantOf(wall: WallTime, timeZone: string): number {
  const asUtc = wallTimeAsUtc(wall);
  // The instant is within 14 hours of `asUtc`; the offsets a day either side bound it (no zone changes twice in two days).
  const before = offsetMs(asUtc - DAY_MS, timeZone);
  const after = offsetMs(asUtc + DAY_MS, timeZone);
  if (before === after && offsetMs(asUtc - before, timeZone) === before) return asUtc - before;
  const readings = [asUtc - before, asUtc - after].filter((t) => t + offsetMs(t, timeZone) === asUtc);
  return readings.length > 0 ? Math.min(...readings) : asUtc - before;
}

/**
 * The local calendar date of an instant as a day count since 1970-01-01, so consecutive local dates differ by 1.
 * @example localDayNumber(Date.UTC(2025, 0, 1, 3), 'America/New_York') // the day number of 2024-12-31
 */
export function localDayNumber(epochMs: number, timeZone: string): number {
  return Math.floor((epochMs + offsetMs(epochMs, timeZone)) / DAY_MS);
}

/**
 * The first instant of the local day containing `epochMs`: local midnight, or the first minute that exists when a
 * spring-forward change skips midnight (as in Santiago or Beirut).
 */
export function startOfLocalDay(epochMs: number, timeZone: string): number {
  const w = wallTime(epochMs, timeZone);
  return instantOf({ year: w.year, month: w.month, day: w.day, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}
