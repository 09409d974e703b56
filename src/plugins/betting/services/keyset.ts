/**
 * Where a page of a list starts: after the row at (`v`, `id`) in `order`, where `v` is the value the list is sorted by
 * and the id breaks ties, so rows sharing a sort value are neither skipped nor repeated between pages.
 */
export interface Keyset {
  order: 'asc' | 'desc';
  /** The last row of the previous page; null for the first page. */
  after: { v: number; id: number } | null;
  /** Rows to read at most (a caller that wants to know whether more follow asks for one more than it shows). */
  limit: number;
}

/** The MikroORM condition "after the keyset's row", on the sort property `property` and the primary key `id`. */
export function afterRow(property: string, keyset: Keyset): Record<string, unknown> {
  if (!keyset.after) return {};
  const beyond = keyset.order === 'desc' ? '$lt' : '$gt';
  const { v, id } = keyset.after;
  return { $or: [{ [property]: { [beyond]: v } }, { [property]: v, id: { [beyond]: id } }] };
}
