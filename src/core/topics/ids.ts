/**
 * Topic event ids: `<ms>-<n>`, Redis Stream ids made global across every topic of a deployment, so one id tells a
 * client where it stands in all of its topics at once.
 */

/** An id split into its two numbers. */
export interface IdParts {
  ms: number;
  n: number;
}

const ID = /^(\d{1,15})-(\d{1,9})$/;

/** The id before every event. */
export const ID_ZERO = '0-0';

/** Parses an id; null when it is not one. */
export function parseId(id: string): IdParts | null {
  const m = ID.exec(id);
  return m ? { ms: Number(m[1]), n: Number(m[2]) } : null;
}

/** Whether a string is a well-formed id. */
export const isTopicId = (id: string): boolean => ID.test(id);

/**
 * Orders two ids: negative when `a` comes first. Ids must be well-formed (checked at the edge with {@link isTopicId}).
 * @since 1.3.0
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const x = parseId(a)!;
  const y = parseId(b)!;
  return x.ms - y.ms || x.n - y.n;
}

/** The later of two ids. */
export const maxId = (a: string, b: string): string => (compareIds(a, b) >= 0 ? a : b);

/** The next id after `last` at time `nowMs` (what the log hands out, in memory and in the Redis script alike). */
export function nextId(last: IdParts, nowMs: number): IdParts {
  return nowMs > last.ms ? { ms: nowMs, n: 0 } : { ms: last.ms, n: last.n + 1 };
}

export const formatId = (p: IdParts): string => `${p.ms}-${p.n}`;
