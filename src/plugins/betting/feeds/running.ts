import type { FeedProvider } from './provider.ts';

/** The feed each app's betting plugin runs, keyed by its plugin context (one app, one feed). */
export const runningFeeds = new WeakMap<object, FeedProvider>();

/**
 * When the next game opens to bets, as the running feed knows it, or null (no feed, a feed that cannot tell, or
 * nothing left to come).
 */
export function nextGameOpensAt(ctx: object): Date | null {
  return runningFeeds.get(ctx)?.nextGameAt?.() ?? null;
}

/** "opens at 17:05 UTC (in about 3 minutes)", or a plain sentence when the time is not known. */
export function describeNextOpening(at: Date | null, now = Date.now()): string {
  if (!at) return 'No game is scheduled yet; the feed announces games ahead of kick-off.';
  const minutes = Math.max(1, Math.round((at.getTime() - now) / 60_000));
  const when = at.toISOString().slice(11, 16);
  return `The next game opens at ${when} UTC (in about ${minutes} minute${minutes === 1 ? '' : 's'}).`;
}
