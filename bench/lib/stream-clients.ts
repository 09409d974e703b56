/**
 * The WebSocket clients of `bench/stream.ts`, in a process of their own (forked), so the server's event loop never
 * runs a client. Talks to the bench over IPC: `connect` opens n connections to a URL (sending a subscribe message
 * and waiting for its answer when given one), `measure` counts what arrives until every client has `expect` more
 * events, `close` ends every connection.
 *
 * Latency: each event carries `"sentAt":<epoch ms>` (the publisher's `performance.timeOrigin + performance.now()`,
 * taken just before it publishes); a client takes the same clock when the message arrives. Both processes read the
 * same system clock. The number is found in the raw bytes without parsing the JSON, so the clients' cost per message
 * stays small beside the server's (both sides pay it alike).
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export type ClientsControl =
  | { kind: 'connect'; group: string; url: string; headers: Record<string, string>; count: number; subscribe: string | null; inFlight: number }
  | { kind: 'measure'; expect: number; timeoutMs: number }
  | { kind: 'close' };

/** Latency figures of one group (ms). */
export interface GroupFigures {
  group: string;
  clients: number;
  deliveries: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The last arrival (epoch ms). */
  lastAt: number;
}

export type ClientsMessage =
  | { kind: 'connected'; group: string; ms: number; failed: number; firstError: string | null }
  | { kind: 'measured'; complete: boolean; groups: GroupFigures[] }
  | { kind: 'closed' }
  | { kind: 'failed'; message: string };

const now = (): number => performance.timeOrigin + performance.now();
const MARK = Buffer.from('"sentAt":');

/** The number after `"sentAt":`, read from the bytes (digits and one dot); NaN when absent. */
function sentAtOf(buf: Buffer): number {
  const at = buf.indexOf(MARK);
  if (at < 0) return Number.NaN;
  let i = at + MARK.length;
  let whole = 0;
  let frac = 0;
  let scale = 1;
  let dot = false;
  for (; i < buf.length; i++) {
    const c = buf[i]!;
    if (c === 46) dot = true;
    else if (c >= 48 && c <= 57) {
      if (dot) {
        scale /= 10;
        frac += (c - 48) * scale;
      } else whole = whole * 10 + (c - 48);
    } else break;
  }
  return whole + frac;
}

interface Group {
  sockets: WebSocket[];
  /** Latency samples of the current measure, preallocated. */
  samples: Float64Array;
  n: number;
  lastAt: number;
}

const groups = new Map<string, Group>();
let expectPerClient = 0;
let counted = 0;
let wanted = 0;
let onComplete: (() => void) | null = null;

function record(group: Group, buf: Buffer): void {
  const sentAt = sentAtOf(buf);
  if (Number.isNaN(sentAt) || expectPerClient === 0) return;
  const at = now();
  if (group.n < group.samples.length) group.samples[group.n] = at - sentAt;
  group.n += 1;
  group.lastAt = at;
  counted += 1;
  if (counted === wanted) onComplete?.();
}

function open(group: Group, url: string, headers: Record<string, string>, subscribe: string | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    let ready = false;
    ws.once('error', (err) => (ready ? undefined : reject(err)));
    ws.on('error', () => undefined);
    ws.once('open', () => {
      group.sockets.push(ws);
      if (subscribe === null) {
        ready = true;
        resolve();
      } else ws.send(subscribe);
    });
    ws.on('message', (data: Buffer) => {
      if (!ready) {
        if (data.includes('"subscribed"')) {
          ready = true;
          resolve();
        } else if (data.includes('"error"')) reject(new Error(data.toString().slice(0, 300)));
        return;
      }
      record(group, data);
    });
    ws.once('close', (code) => (ready ? undefined : reject(new Error(`closed with ${code} before it was ready`))));
  });
}

async function connect(msg: Extract<ClientsControl, { kind: 'connect' }>): Promise<ClientsMessage> {
  const group: Group = groups.get(msg.group) ?? { sockets: [], samples: new Float64Array(0), n: 0, lastAt: 0 };
  groups.set(msg.group, group);
  const started = now();
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const worker = async (): Promise<void> => {
    while (next < msg.count) {
      next += 1;
      try {
        await open(group, msg.url, msg.headers, msg.subscribe);
      } catch (err) {
        failed += 1;
        firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(msg.inFlight, msg.count) }, worker));
  return { kind: 'connected', group: msg.group, ms: now() - started, failed, firstError };
}

function percentileOf(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

async function measure(msg: Extract<ClientsControl, { kind: 'measure' }>): Promise<ClientsMessage> {
  counted = 0;
  wanted = 0;
  for (const g of groups.values()) {
    g.samples = new Float64Array(g.sockets.length * msg.expect);
    g.n = 0;
    g.lastAt = 0;
    wanted += g.sockets.length * msg.expect;
  }
  expectPerClient = msg.expect;
  const complete = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), msg.timeoutMs);
    onComplete = () => {
      clearTimeout(timer);
      resolve(true);
    };
  });
  onComplete = null;
  expectPerClient = 0;
  const figures: GroupFigures[] = [];
  for (const [name, g] of groups) {
    const sorted = g.samples.slice(0, Math.min(g.n, g.samples.length)).sort();
    figures.push({ group: name, clients: g.sockets.length, deliveries: g.n, p50: percentileOf(sorted, 50), p90: percentileOf(sorted, 90), p99: percentileOf(sorted, 99), max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN, lastAt: g.lastAt });
  }
  return { kind: 'measured', complete, groups: figures };
}

async function close(): Promise<ClientsMessage> {
  const all = [...groups.values()].flatMap((g) => g.sockets);
  groups.clear();
  await Promise.all(
    all.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          ws.once('close', () => resolve());
          // The server closes them (its side keeps the TIME_WAIT, not this one's ephemeral ports); past a few
          // seconds, cut.
          setTimeout(() => ws.terminate(), 5_000).unref();
        }),
    ),
  );
  return { kind: 'closed' };
}

const send = (message: ClientsMessage): Promise<void> => new Promise((resolve) => process.send!(message, () => resolve()));

process.on('message', (msg: ClientsControl) => {
  const run = msg.kind === 'connect' ? connect(msg) : msg.kind === 'measure' ? measure(msg) : close();
  run.then(send, (err: unknown) => send({ kind: 'failed', message: (err as Error).stack ?? String(err) }));
});
// The bench gone: nothing left to measure.
process.on('disconnect', () => process.exit(0));
