import type { TopicEntry } from 'dbsbm';
import { topicNameOf } from '../services/topics.ts';

/** One event, serialised once for every client and transport that gets it. */
export interface Frames {
  readonly entry: TopicEntry;
  /** The envelope `{id, topic, event, at, data}` as JSON. */
  readonly json: string;
  /** An SSE frame (`id:`, `event:`, `data:`). */
  readonly sse: string;
  /** A WebSocket message (`{"type":"event", …envelope}`). */
  readonly ws: string;
  /** For price updates, the market it prices (conflation keeps only the latest per market); null otherwise. */
  readonly market: string | null;
  /** The id's two numbers, parsed once for every client's comparison. */
  readonly ms: number;
  readonly n: number;
}

/** The envelope's JSON, built around the stored data text (never parsed and re-serialised). */
export function envelopeJson(entry: TopicEntry, prefix = ''): string {
  return `{${prefix}"id":"${entry.id}","topic":${JSON.stringify(topicNameOf(entry.key))},"event":${JSON.stringify(entry.event)},"at":${entry.at},"data":${entry.data}}`;
}

function marketOf(entry: TopicEntry): string | null {
  if (entry.event !== 'odds.moved') return null;
  try {
    const d = JSON.parse(entry.data) as { gameId?: unknown; market?: unknown; selection?: unknown; line?: unknown };
    return `${String(d.gameId)}|${String(d.market)}|${String(d.selection)}|${String(d.line)}`;
  } catch {
    return null;
  }
}

export function framesOf(entry: TopicEntry): Frames {
  const json = envelopeJson(entry);
  // Event names and ids carry no newline (checked where they are made), so each field is one line.
  const dash = entry.id.indexOf('-');
  return {
    entry,
    json,
    sse: `id: ${entry.id}\nevent: ${entry.event}\ndata: ${json}\n\n`,
    ws: envelopeJson(entry, '"type":"event",'),
    market: marketOf(entry),
    ms: Number(entry.id.slice(0, dash)),
    n: Number(entry.id.slice(dash + 1)),
  };
}
