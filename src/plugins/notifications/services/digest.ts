/**
 * Digests of odds alerts: many price moves gathered over a window, folded into one notification per member. This
 * module is the pure part: grouping the moves and rendering them within Discord's limits, whatever came in.
 */
import { EmbedLimits, clip } from 'dbsbm';
import { z } from 'zod';

/** One price move a member follows, as the odds feed reported it. Prices are decimal odds; `at` is epoch ms. */
export const digestItemSchema = z.object({
  gameId: z.number().int(),
  /** The game as members read it, e.g. "Arsenal v Chelsea". */
  game: z.string().min(1),
  market: z.string().min(1),
  selection: z.string().min(1),
  /** The price before the move; null when the selection was first priced. */
  from: z.number().positive().nullable(),
  to: z.number().positive(),
  at: z.number().int(),
});

/** A price move (see {@link digestItemSchema}). */
export type DigestItem = z.output<typeof digestItemSchema>;

/** One selection's net move over the digest: the first `from` and the last `to`. */
export interface DigestLine {
  selection: string;
  from: number | null;
  to: number;
  /** Distinct moves folded into this line. */
  moves: number;
}

/** The moves of one market of one game. */
export interface DigestGroup {
  gameId: number;
  /** The game's name as last reported. */
  game: string;
  market: string;
  /** One per selection, in the order their first move happened. */
  lines: DigestLine[];
  /** Distinct moves in the group. */
  moves: number;
  /** When its latest move happened (epoch ms). */
  lastAt: number;
}

/** A notification's parts: what {@link digestMessage} returns. */
export interface DigestMessage {
  title: string;
  body: string;
  fields: { name: string; value: string }[];
}

// OutgoingNotification allows a 2,000-character body and 10 fields; the rest are Discord's embed limits, including
// the 6,000 characters an embed may hold in all (ten full fields alone would be 12,800).
const LIMITS = { body: 2000, fields: 10, line: 200, selection: 100 } as const;
// The body is a summary of a few numbers: this much is kept for it out of the 6,000 total.
const BODY_BUDGET = 300;

/**
 * Folds moves into one group per game and market (keyed by `gameId`, so two fixtures with the same name stay
 * apart). Moves are read in `at` order (input order for equal `at`); a move repeated with the same game, market,
 * selection, price and time (an event delivered twice) counts once. Groups come most recent move first.
 */
export function groupDigest(items: readonly DigestItem[]): DigestGroup[] {
  const seen = new Set<string>();
  const groups = new Map<string, { group: DigestGroup; lines: Map<string, DigestLine> }>();
  // Array.prototype.sort is stable, which keeps equal `at` in input order.
  for (const item of [...items].sort((a, b) => a.at - b.at)) {
    const identity = JSON.stringify([item.gameId, item.market, item.selection, item.to, item.at]);
    if (seen.has(identity)) continue;
    seen.add(identity);
    const key = JSON.stringify([item.gameId, item.market]);
    let entry = groups.get(key);
    if (entry === undefined) {
      entry = { group: { gameId: item.gameId, game: item.game, market: item.market, lines: [], moves: 0, lastAt: item.at }, lines: new Map() };
      groups.set(key, entry);
    }
    const { group, lines } = entry;
    group.game = item.game;
    group.moves += 1;
    group.lastAt = item.at;
    const line = lines.get(item.selection);
    if (line === undefined) {
      const added: DigestLine = { selection: item.selection, from: item.from, to: item.to, moves: 1 };
      lines.set(item.selection, added);
      group.lines.push(added);
    } else {
      line.to = item.to;
      line.moves += 1;
    }
  }
  // Map order is first-move order, which stays as the tie-break (the sort is stable).
  return [...groups.values()].map((e) => e.group).sort((a, b) => b.lastAt - a.lastAt);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const price = (value: number | null): string => (value === null ? 'new' : value.toFixed(2));

function describeLine(line: DigestLine): string {
  const text = `${clip(line.selection, LIMITS.selection)} ${price(line.from)} → ${price(line.to)} (${plural(line.moves, 'move')})`;
  return clip(text, LIMITS.line);
}

/** The lines that fit in `max` characters, ending with "and N more" when some were left out; null when none fit. */
function fieldValue(lines: readonly DigestLine[], max: number): string | null {
  const shown: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const text = describeLine(line);
    const left = lines.length - index - 1;
    // Room for this line, and for the "and N more" after it unless it is the last.
    const tail = left > 0 ? `\nand ${left} more`.length : 0;
    if (length + (shown.length > 0 ? 1 : 0) + text.length + tail > max) {
      if (shown.length === 0) return null;
      shown.push(`and ${lines.length - index} more`);
      return shown.join('\n');
    }
    shown.push(text);
    length += (shown.length > 1 ? 1 : 0) + text.length;
  }
  return shown.length > 0 ? shown.join('\n') : null;
}

function describeWindow(minutes: number | undefined): string {
  if (minutes === undefined || !Number.isFinite(minutes) || minutes <= 0) return '';
  const whole = Math.max(1, Math.round(minutes));
  return whole % 60 === 0 ? ` in the last ${whole === 60 ? 'hour' : plural(whole / 60, 'hour')}` : ` in the last ${plural(whole, 'minute')}`;
}

/**
 * Renders groups as one notification: a title counting the markets, a summary body and a field per market
 * ("Arsenal v Chelsea · h2h" → "Arsenal 2.10 → 1.95 (3 moves)\nDraw …"), most recent first. Whatever the input it
 * stays within Discord's limits (title 256, body 2,000, 10 fields of 256/1,024, 6,000 in all): long names are cut
 * with "…", selections that do not fit end the field with "and N more", and markets left out are counted in the
 * body.
 * @param options.windowMinutes the period the digest covers, said in the body ("in the last 15 minutes").
 */
export function digestMessage(groups: readonly DigestGroup[], options: { windowMinutes?: number } = {}): DigestMessage {
  const window = describeWindow(options.windowMinutes);
  if (groups.length === 0) return { title: 'No prices moved', body: `No prices moved${window}.`, fields: [] };
  const title = clip(`Prices moved on ${plural(groups.length, 'market')}`, EmbedLimits.title);
  let budget = EmbedLimits.total - title.length - BODY_BUDGET;
  const fields: DigestMessage['fields'] = [];
  for (const group of groups) {
    if (fields.length === LIMITS.fields) break;
    const name = clip(`${group.game} · ${group.market}`, EmbedLimits.fieldName);
    const value = fieldValue(group.lines, Math.min(EmbedLimits.fieldValue, budget - name.length));
    if (value === null) break;
    fields.push({ name, value });
    budget -= name.length + value.length;
  }
  const moves = groups.reduce((n, g) => n + g.moves, 0);
  const games = new Set(groups.map((g) => g.gameId)).size;
  const omitted = groups.length - fields.length;
  const summary = `${plural(moves, 'price move')} on ${plural(games, 'game')}${window}.`;
  const body = omitted > 0 ? `${summary}\nand ${plural(omitted, 'more market')} not shown.` : summary;
  return { title, body: clip(body, Math.min(LIMITS.body, BODY_BUDGET)), fields };
}
