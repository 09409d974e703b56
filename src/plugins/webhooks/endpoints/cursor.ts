import { decodeCursor, Refusal } from 'dbsbm';

/** The id a cursor of an id-ordered list ends at, or null for the first page. */
export function idAfterCursor(cursor: string | undefined): number | null {
  const at = decodeCursor(cursor);
  if (!at) return null;
  if (typeof at.id !== 'number' || !Number.isInteger(at.id)) {
    throw new Refusal('INVALID_INPUT', 'The cursor is not one this list made.', { next: 'Pass the `next_cursor` of the previous page unchanged, or omit `cursor` for the first page.' });
  }
  return at.id;
}
