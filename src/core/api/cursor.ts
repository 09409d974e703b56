import { z } from 'zod';
import { HttpProblem } from '../http/problem.ts';
import type { Page } from './route.ts';

/** Where the previous page ended: the sort value and the id of its last item (ids break ties). */
const position = z.object({ v: z.union([z.string(), z.number(), z.null()]), id: z.union([z.string(), z.number()]) }).strict();
export type CursorPosition = z.infer<typeof position>;

/** An opaque cursor: callers must not build or read one, so its layout can change. @since 1.2.0 */
export function encodeCursor(at: CursorPosition): string {
  return Buffer.from(JSON.stringify(at)).toString('base64url');
}

/**
 * Reads a cursor from a query string; anything that is not one this API made answers 400 with what to do.
 * @since 1.2.0
 */
export function decodeCursor(cursor: string | undefined): CursorPosition | null {
  if (cursor === undefined || cursor === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = position.safeParse(parsed);
  if (!result.success) throw new HttpProblem(400, 'Bad Request', 'The cursor is not one this API made. Pass the `next_cursor` of the previous page unchanged, or omit `cursor` for the first page.', { code: 'INVALID_CURSOR' });
  return result.data;
}

/**
 * Cuts `rows` (fetched with `limit + 1`) into a page, its cursor pointing after the last row kept.
 * @since 1.2.0
 * @example const rows = await fetch(limit + 1); return pageFrom(rows, limit, (b) => ({ v: b.placedAt, id: b.id }));
 */
export function pageFrom<T>(rows: T[], limit: number, at: (row: T) => CursorPosition): Page<T> {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  return { data, has_more: hasMore, next_cursor: hasMore ? encodeCursor(at(data[data.length - 1]!)) : null };
}
