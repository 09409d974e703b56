import { apiCall } from '../../helpers/api.ts';
import type { App } from '../../../src/core/app.ts';

// The judge of the BOLA suite: what one server's key got back, checked for anything of another server's.

/** A request as a key sends it: `path` under /api/v1 with its query string. */
export interface Call {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What came back: status, body (JSON, or text for a file) and headers. */
export interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** A text of the other server that no answer to this server's key may show. */
export interface Marker {
  what: string;
  value: string;
  /** Only as a whole token (not inside a longer run of letters and digits): for short values such as a key's last 4. */
  token?: boolean;
}

/** The other server's objects by id, recognised in any answer by their shape. */
export interface ForeignIds {
  bets: ReadonlySet<number>;
  endpoints: ReadonlySet<number>;
  reports: ReadonlySet<number>;
}

/**
 * One attempt on the other server's data. With a `control` — the same request with ids that never existed in place of
 * the other server's (`swaps`: [theirs, never-used]) — the attempt must answer exactly as the control does, or the
 * answer tells something about their data (that it exists, or what it holds).
 */
export interface Probe {
  label: string;
  attack: Call;
  control?: Call;
  swaps: [string, string][];
  /** For an attempt that names one of their objects by id: whether the answer says "not found" (404, never 403 or data). */
  notFound?: (answer: Answer) => boolean;
  /** A further check of the answer; returns what is wrong, if anything. */
  check?: (answer: Answer) => string | undefined;
}

/** Sends a call as `key` over HTTP. */
export async function send(app: App, key: string, call: Call): Promise<Answer> {
  const res = await apiCall(app, key, call.method, call.path, call.body, call.headers);
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => (headers[name] = value));
  return { status: res.status, body: res.body, headers };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

// Times differ between two requests a moment apart (a summary's `to`, an attempt's date); nothing else may.
const normalise = (value: string): string => value.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');

function shows(haystack: string, marker: Marker): boolean {
  if (!marker.token) return haystack.includes(marker.value);
  const escaped = marker.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`).test(haystack);
}

/** Their objects in an answer, found by shape: a bet, a webhook endpoint or delivery, a saved report. */
function foreignObjects(value: unknown, ids: ForeignIds, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) foreignObjects(item, ids, found);
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const id = typeof o.id === 'number' ? o.id : NaN;
    if ('legs' in o && 'toWin' in o && ids.bets.has(id)) found.push(`their bet #${id}`);
    if ('health' in o && 'url' in o && ids.endpoints.has(id)) found.push(`their webhook endpoint #${id}`);
    if ('messageId' in o && typeof o.endpointId === 'number' && ids.endpoints.has(o.endpointId)) found.push(`a delivery of their endpoint #${o.endpointId}`);
    if ('dimension' in o && 'metrics' in o && ids.reports.has(id)) found.push(`their saved report #${id}`);
    for (const child of Object.values(o)) foreignObjects(child, ids, found);
  }
  return found;
}

/** What is wrong with an attempt's answer (empty: nothing of theirs came back). */
export function judge(probe: Probe, attack: Answer, control: Answer | undefined, markers: readonly Marker[], ids: ForeignIds): string[] {
  const wrong: string[] = [];
  // What the caller sent may come back as sent (a problem's `instance`, a filter echoed): that tells them nothing.
  const sent = `${probe.attack.path} ${text(probe.attack.body)}`;
  const body = text(attack.body);
  const headers = Object.entries(attack.headers).map(([k, v]) => `${k}: ${v}`).join('\n');
  for (const marker of markers) {
    if (shows(sent, marker)) continue;
    if (shows(body, marker)) wrong.push(`the body shows their ${marker.what}`);
    if (shows(headers, marker)) wrong.push(`a header shows their ${marker.what}`);
  }
  for (const found of foreignObjects(attack.body, ids)) wrong.push(`the body holds ${found}`);
  if (attack.status >= 500) wrong.push(`answered ${attack.status}`);
  if (probe.notFound && !probe.notFound(attack)) wrong.push(`answered ${attack.status} instead of not found: ${body.slice(0, 200)}`);
  if (control) {
    let expected = text(control.body);
    for (const [theirs, unknown] of probe.swaps) expected = expected.split(unknown).join(theirs);
    if (attack.status !== control.status) wrong.push(`answered ${attack.status} where an unknown id answers ${control.status}`);
    else if (normalise(body) !== normalise(expected)) wrong.push(`answered otherwise than for an unknown id: ${body.slice(0, 200)} vs ${expected.slice(0, 200)}`);
  }
  const extra = probe.check?.(attack);
  if (extra) wrong.push(extra);
  return wrong.map((w) => `${probe.label}: ${w}`);
}
