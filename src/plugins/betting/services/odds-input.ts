import { decimalToAmerican, decimalToFractional, MIN_DECIMAL, parseOdds, type OddsFormat } from './odds.ts';

/** Odds a member typed, read in the server's format, with how they were read (shown back in the reply). */
export type ReadOdds = { ok: true; decimal: number; american: number; reading: string } | { ok: false; message: string };

/**
 * Reads odds a member typed in a command, letting the server's odds format decide what an unsigned number means:
 * `1000` is American +1000 in an American server and decimal 1000.00 in a decimal one; a fractional server is asked
 * to write 1000/1 or +1000. A number with a point is decimal everywhere (American odds have none); signed numbers
 * and fractions read as {@link parseOdds} reads them. `reading` says how it was read, e.g. "American +1000", so
 * the reply can show it and a surprise shows at once.
 */
export function readOdds(text: string, format: OddsFormat): ReadOdds {
  const raw = text.trim();
  const unsigned = /^(\d+(?:\.\d*)?|\.\d+)$/.exec(raw);
  if (unsigned) {
    const value = Number(unsigned[1]);
    const hasPoint = raw.includes('.');
    if (hasPoint || format === 'decimal') {
      if (!(value > MIN_DECIMAL)) {
        return { ok: false, message: `"${raw}" is too short for decimal odds: they must be above ${MIN_DECIMAL}, e.g. 1.91 or 2.50. For American odds include the sign, e.g. -110.` };
      }
      return { ok: true, decimal: value, american: decimalToAmerican(value), reading: `decimal ${value.toFixed(2)}` };
    }
    if (format === 'fractional') {
      return { ok: false, message: `"${raw}" is ambiguous in this server (odds are fractional here): type ${raw}/1 for fractional odds or +${raw} for American odds.` };
    }
  }
  const parsed = parseOdds(raw, format);
  if (!parsed.ok) return parsed;
  return { ...parsed, reading: describe(raw, parsed.decimal, parsed.american) };
}

function describe(raw: string, decimal: number, american: number): string {
  if (raw.includes('/') || /^ev/i.test(raw)) return `fractional ${decimal === 2 ? 'evens' : decimalToFractional(decimal)}`;
  return `American ${american > 0 ? '+' : ''}${american}`;
}
