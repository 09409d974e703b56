/**
 * Local wall-clock readings of instants in a guild's time zone, for the detectors that care about the hour
 * (time-of-day habits, late nights) or the local day (bursts, night streaks).
 */

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
  return canonicalZone(timeZone) ?? 'UTC';
}

/** Intl's canonical name of a zone (`utc` → `UTC`), or null when Intl refuses it with a RangeError. */
function canonicalZone(timeZone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * A clock reading instants in `timeZone` (IANA), falling back to UTC for an unknown zone.
 *
 * @example
 * createLocalClock('America/New_York').at(Date.UTC(2025, 0, 1, 3)).hour; // 22 (the evening before)
 */
export function createLocalClock(timeZone: string): LocalClock {
  const canonical = canonicalZone(timeZone);
  const resolved = canonical ?? 'UTC';
  // h23 rather than hour12: false, which some ICU versions render midnight as "24".
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: resolved,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  // Several detectors read the same bets; formatting is the slow part, so each clock remembers what it has read.
  const seen = new Map<number, LocalTime>();
  return {
    timeZone: resolved,
    fellBack: canonical === null,
    at(epochMs: number): LocalTime {
      const known = seen.get(epochMs);
      if (known) return known;
      const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
      for (const part of format.formatToParts(epochMs)) parts[part.type] = part.value;
      const year = Number(parts.year);
      const month = Number(parts.month);
      const dayOfMonth = Number(parts.day);
      const local: LocalTime = {
        hour: Number(parts.hour),
        day: Math.round(Date.UTC(year, month - 1, dayOfMonth) / 86_400_000),
        date: `${String(year).padStart(4, '0')}-${parts.month}-${parts.day}`,
      };
      seen.set(epochMs, local);
      return local;
    },
  };
}
