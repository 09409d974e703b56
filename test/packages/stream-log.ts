import { compareIds } from 'dbsbm';
import type { App } from '../../src/core/app.ts';
import { apiCall } from '../helpers/api.ts';

/** An event as the long-poll answers it. */
export interface LoggedEvent {
  id: string;
  topic: string;
  event: string;
  data: Record<string, unknown>;
}

/** The stream's position now (what a client starting now would start after), read with the long-poll. */
export async function positionOf(app: App, key: string, topics: string): Promise<string> {
  const res = await apiCall<{ next: string }>(app, key, 'GET', `/api/v1/stream/poll?topics=${topics}`);
  if (res.status !== 200) throw new Error(`poll answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.next;
}

/**
 * Every event of `topics` after `after`, in the log's order, read straight from the app with the long-poll: what a
 * client that missed nothing must have ended with.
 */
export async function loggedAfter(app: App, key: string, topics: string, after: string): Promise<LoggedEvent[]> {
  const out: LoggedEvent[] = [];
  let cursor = after;
  for (;;) {
    const res = await apiCall<{ events: LoggedEvent[]; next: string; resync: string[] }>(app, key, 'GET', `/api/v1/stream/poll?topics=${topics}&after=${cursor}&wait=0`);
    if (res.status !== 200) throw new Error(`poll answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (res.body.resync.length) throw new Error(`the log no longer holds everything after ${after} (${res.body.resync.join(', ')})`);
    out.push(...res.body.events);
    if (res.body.events.length === 0 || res.body.next === cursor) return out;
    cursor = res.body.next;
  }
}

/** Ids that are not strictly increasing (a repeat or an event out of order), as `a >= b` pairs. */
export function outOfOrder(ids: readonly string[]): string[] {
  const bad: string[] = [];
  for (let i = 1; i < ids.length; i++) if (compareIds(ids[i - 1]!, ids[i]!) >= 0) bad.push(`${ids[i - 1]} >= ${ids[i]}`);
  return bad;
}
