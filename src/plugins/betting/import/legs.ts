/**
 * The legs column: either a count (`3`) or the legs themselves, separated by `|`, each optionally priced with
 * `@ odds` (`Arsenal ML @ -110 | Over 2.5 @ 1.90`).
 */

import type { ImportLeg } from '../services/import.ts';
import { parseOdds, type OddsFormat } from '../services/odds.ts';

export type LegsReading = { ok: true; count: number; legs: ImportLeg[] } | { ok: false; reasons: string[] };

/** A price at the end of a leg, after the last `@`. */
const PRICED = /^(.*?)\s*@\s*([^@]+)$/;

/** Reads a legs cell. Every bad leg gives its own reason. */
export function readLegs(text: string, hint: OddsFormat | undefined): LegsReading {
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    return count >= 1 ? { ok: true, count, legs: [] } : { ok: false, reasons: [`legs "${text}" is not a number of legs of 1 or more`] };
  }
  const reasons: string[] = [];
  const legs: ImportLeg[] = [];
  text.split('|').forEach((piece, i) => {
    const leg = piece.trim();
    const priced = PRICED.exec(leg);
    const description = (priced ? priced[1]! : leg).trim();
    if (description === '') {
      reasons.push(`leg ${i + 1} has no description`);
      return;
    }
    if (!priced) {
      legs.push({ description, decimal: null });
      return;
    }
    const odds = parseOdds(priced[2]!, hint);
    if (odds.ok) legs.push({ description, decimal: odds.decimal });
    else reasons.push(`leg ${i + 1} odds "${priced[2]!.trim()}": ${odds.message}`);
  });
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, count: legs.length, legs };
}
