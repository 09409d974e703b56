import http from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { percentile } from './stats.ts';

/** One HTTP target of the load: where, how, and the keys its connections take turns with. */
export interface LoadTarget {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** Bearer keys, one per connection in turn (connection i sends keys[i % keys.length]); none: no Authorization. */
  keys: readonly string[];
}

/** Called when the measured window opens and closes (e.g. to read the server's CPU time, or profile it). */
export interface WindowHooks {
  opened?(): Promise<void>;
  closed?(): Promise<void>;
}

export interface LoadResult {
  /** 2xx answers received per second in the measured window. */
  perSecond: number;
  /** Latency of the 2xx answers (ms, from the request written to the response read), by percentile. */
  p50: number;
  p99: number;
  max: number;
  /** 2xx answers received in the window. */
  ok: number;
  /** Answers other than 2xx, by status (e.g. a 429 would say a key's window filled). */
  notOk: Record<string, number>;
  /** Request errors (timeouts included) in the window. */
  errors: number;
  /** Requests that timed out (after 60 s: longer than any wait of the ramp) over the whole run. */
  timeouts: number;
  /** Seconds from the start until every connection had its first answer. */
  rampS: number;
  /** Connections that had answered when the window opened (all of them, unless the ramp ran out of time). */
  connected: number;
}

/** Longest wait for every connection to get a first answer before the window opens anyway. */
const MAX_RAMP_S = 60;

/**
 * autocannon against `target`: `connections` keep-alive connections, one request in flight each (no pipelining,
 * as a client waits for its answer). Only the steady state is measured, on connections that are already open: a
 * saturated Node server accepts one new connection per turn of its event loop, so 50 connections opened at once
 * get their first answers one after another over seconds (the k-th waits for k turns, each serving every connection
 * already in), which would otherwise land in the figures as multi-second latencies of a few requests. So: one
 * autocannon run; once every connection has had an answer, `warmupS` more seconds (not counted), then a window of
 * `durationS` seconds: throughput counts the 2xx answers received in it, latency the answers to requests sent and
 * answered in it. Latencies are floating-point milliseconds (autocannon's own histogram rounds to whole ones).
 */
export async function load(target: LoadTarget, connections: number, durationS: number, warmupS: number, hooks: WindowHooks = {}): Promise<LoadResult> {
  const latencies: number[] = [];
  const notOk: Record<string, number> = {};
  const answered = new Set<unknown>();
  const t0 = performance.now();
  let rampEnd: number | null = null;
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  let connected = 0;
  let client = 0;
  let ok = 0;
  let errors = 0;
  let hooked: Promise<void> = Promise.resolve();
  const timers: NodeJS.Timeout[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: target.method,
        connections,
        pipelining: 1,
        // An upper bound: the run is stopped when the window closes.
        duration: MAX_RAMP_S + warmupS + durationS + 5,
        // Longer than the ramp can make a first request wait, so a slow first answer is not counted as lost.
        timeout: MAX_RAMP_S,
        ...(target.body !== undefined ? { body: target.body } : {}),
        headers: target.headers ?? {},
        setupClient: (c) => {
          const key = target.keys.length ? target.keys[client++ % target.keys.length] : undefined;
          c.setHeaders({ ...target.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) });
        },
      },
      (err: unknown, done: autocannon.Result) => (err ? reject(err as Error) : resolve(done)),
    );
    const openWindow = (): void => {
      if (rampEnd !== null) return;
      rampEnd = performance.now();
      connected = answered.size;
      windowStart = rampEnd + warmupS * 1000;
      windowEnd = windowStart + durationS * 1000;
      timers.push(setTimeout(() => (hooked = hooked.then(() => hooks.opened?.())), warmupS * 1000));
      timers.push(
        setTimeout(() => {
          windowEnd = Math.min(windowEnd, performance.now());
          hooked = hooked.then(() => hooks.closed?.());
          instance.stop();
        }, (warmupS + durationS) * 1000),
      );
    };
    timers.push(setTimeout(openWindow, MAX_RAMP_S * 1000));
    instance.on('reqError', () => {
      const now = performance.now();
      if (now >= windowStart && now <= windowEnd) errors++;
    });
    instance.on('response', (c, statusCode, _bytes, ms) => {
      const now = performance.now();
      if (rampEnd === null) {
        answered.add(c);
        if (answered.size === connections) openWindow();
      }
      if (now < windowStart || now > windowEnd) return;
      const good = statusCode >= 200 && statusCode < 300;
      if (good) ok++;
      else notOk[statusCode] = (notOk[statusCode] ?? 0) + 1;
      if (good && now - ms >= windowStart) latencies.push(ms);
    });
  });
  for (const t of timers) clearTimeout(t);
  await hooked;
  return {
    perSecond: ok / ((windowEnd - windowStart) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    ok,
    notOk,
    errors,
    timeouts: result.timeouts,
    rampS: ((rampEnd ?? performance.now()) - t0) / 1000,
    connected,
  };
}

/**
 * An open loop at `rate` requests a second, evenly spaced, over a keep-alive pool of `connections` sockets
 * (node:http): unlike autocannon's rate option, which sends each second's quota at once at the start of the second,
 * so a "paced" run still queues. The sockets are opened first (rounds of `connections` requests at once while the
 * server is idle), then `warmupS` seconds of paced requests, then a window of `durationS` seconds. Latency is taken
 * from when a request was due, not when it went out, so a full pool shows as latency (no coordinated omission).
 */
export async function loadAtRate(target: LoadTarget, connections: number, durationS: number, warmupS: number, rate: number, hooks: WindowHooks = {}): Promise<LoadResult> {
  const url = new URL(target.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  let sent = 0;
  const send = (): Promise<number> =>
    new Promise((resolve, reject) => {
      const key = target.keys.length ? target.keys[sent++ % target.keys.length] : undefined;
      const headers: Record<string, string> = { ...target.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) };
      if (target.body !== undefined) headers['content-length'] = String(Buffer.byteLength(target.body));
      const req = http.request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: target.method, headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(target.body);
    });
  const t0 = performance.now();
  for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: connections }, () => send().catch(() => 0)));
  const rampS = (performance.now() - t0) / 1000;
  const latencies: number[] = [];
  const notOk: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  const start = performance.now() + 10;
  const interval = 1000 / rate;
  const windowStart = start + warmupS * 1000;
  const windowEnd = windowStart + durationS * 1000;
  const inFlight = new Set<Promise<void>>();
  let opened = false;
  for (let i = 0; ; i++) {
    const due = start + i * interval;
    if (due >= windowEnd) break;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    if (!opened && due >= windowStart) {
      opened = true;
      await hooks.opened?.();
    }
    const counted = due >= windowStart;
    const one = send().then(
      (status) => {
        if (!counted) return;
        if (status >= 200 && status < 300) {
          ok++;
          latencies.push(performance.now() - due);
        } else notOk[status] = (notOk[status] ?? 0) + 1;
      },
      () => {
        if (counted) errors++;
      },
    );
    inFlight.add(one);
    void one.finally(() => inFlight.delete(one));
  }
  await Promise.all(inFlight);
  await hooks.closed?.();
  agent.destroy();
  return {
    perSecond: ok / durationS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    ok,
    notOk,
    errors,
    timeouts: 0,
    rampS,
    connected: connections,
  };
}
