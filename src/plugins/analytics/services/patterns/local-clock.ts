/**
 * Local wall-clock readings of instants in a guild's time zone, for the detectors that care about the hour
 * (time-of-day habits, late nights) or the local day (bursts, night streaks). The zone arithmetic is the core's.
 */
import { canonicalTimeZone, localDayNumber, wallTime } from 'dbsbm';

/** What the detectors need to know about an instant in the guild's zone. */
export interface LocalTime {
  /** Hour of the local day, 0–23. */
  readonly hour: number;
  /** The local calendar date as a day count since 1970-01-01, so consecutive dates differ by exactly 1. */
  readonly day: number;
  /** The local calendar date as `YYYY-MM-DD`. */
  readonly date: string;
}

/** Reads instants in one time zone; see {@link createLocalClock}. */
export interface LocalClock {
  /** The zone actually used: the one asked for, or `UTC` when it was not a valid IANA zone. */
  timeZone: string;
  /** Whether the zone asked for was unknown and UTC is used instead. */
  fellBack: boolean;
  at(epochMs: number): LocalTime;
}

/**
 * The canonical name of `timeZone` when Intl knows it, otherwise `UTC`.
 * Never throws: a guild's mistyped zone should cost it local hours, not its patterns.
 */
export function resolveTimeZone(timeZone: string): string {
  return canonicalTimeZone(timeZone) ?? 'UTC';
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * A clock reading instants in `timeZone` (IANA), falling back to UTC for an unknown zone.
 *
 * @example
 * createLocalClock('America/New_York').at(Date.UTC(2025, 0, 1, 3)).hour; // 22 (the evening before)
 */
export function createLocalClock(timeZone: string): LocalClock {
  const canonical = canonicalTimeZone(timeZone);
  const resolved = canonical ?? 'UTC';
  return {
    timeZone: resolved,
    fellBack: canonical === null,
    at(epochMs: number): LocalTime {
      const w = wallTime(epochMs, resolved);
      return { hour: w.hour, day: localDayNumber(epochMs, resolved), date: `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}` };
    },
  };
}
