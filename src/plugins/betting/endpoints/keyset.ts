import { decodeCursor, HttpProblem, pageFrom, type Page } from 'dbsbm';
import type { Keyset } from '../services/keyset.ts';

/**
 * The keyset a list request asks for: one row more than `limit` (so the page knows whether more follow), after the
 * cursor's row. Every betting list sorts by a number (a time) and a numeric id, so a cursor holding anything else was
 * not made by these lists and answers 400 like an unreadable one.
 */
export function keysetOf(query: { limit: number; cursor?: string | undefined }, order: 'asc' | 'desc'): Keyset {
  const at = decodeCursor(query.cursor);
  if (at !== null && (typeof at.v !== 'number' || typeof at.id !== 'number')) {
    throw new HttpProblem(400, 'Bad Request', 'The cursor is not one this list made. Pass the `next_cursor` of the previous page unchanged, or omit `cursor` for the first page.', { code: 'INVALID_CURSOR' });
  }
  return { order, after: at === null ? null : { v: at.v as number, id: at.id as number }, limit: query.limit + 1 };
}

/** A page of `rows` read with {@link keysetOf}, shown as `show` renders them; the cursor points after the last row kept. */
export function pageOfRows<R, T>(rows: R[], limit: number, at: (row: R) => { v: number; id: number }, show: (row: R) => T): Page<T> {
  const page = pageFrom(rows, limit, at);
  return { ...page, data: page.data.map(show) };
}
