/** The longest series key the column holds. */
const SERIES_MAX = 191;

/** A series' tags as one sorted `k=v,k=v` string (the `series` column), so equal tags give equal keys. */
export function seriesKey(tags: Record<string, string>): string {
  return Object.keys(tags)
    .sort()
    .map((k) => `${k}=${tags[k]}`)
    .join(',')
    .slice(0, SERIES_MAX);
}

/** Whether a series' tags include every tag of `filter`. */
export const tagsMatch = (tags: Record<string, string>, filter: Record<string, string>): boolean =>
  Object.entries(filter).every(([k, v]) => tags[k] === v);

/** A series as people read it: `bet place`, `betting`, `instance 1a2b3c4d`, or `all` for none. */
export function seriesLabel(tags: Record<string, string>): string {
  const shown = Object.entries(tags).filter(([k]) => k !== 'instance');
  if (shown.length === 0) return tags.instance ? `instance ${tags.instance}` : 'all';
  return shown.map(([, v]) => v).join(' · ');
}
