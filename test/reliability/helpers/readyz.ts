import { z } from 'zod';
import type { Product } from './product.ts';

/** The contract of `/readyz` (issue 13): it answers within this long, whatever is down. */
export const READYZ_DEADLINE_MS = 1000;

const readyzBody = z.object({
  status: z.string(),
  checks: z.record(z.string(), z.string()),
});
export type ReadyzBody = z.output<typeof readyzBody>;

export type ReadyzSample =
  | { answered: true; at: number; ms: number; httpStatus: number; body: ReadyzBody }
  | { answered: false; at: number; ms: number; error: string };

/**
 * One `GET /readyz` with a client-side deadline of 1 s: a hang, a refused connection or a body outside the
 * contract counts as not answered.
 */
export async function probeReadyz(base: string, deadlineMs = READYZ_DEADLINE_MS): Promise<ReadyzSample> {
  const at = Date.now();
  try {
    const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(deadlineMs) });
    const json = (await res.json()) as unknown;
    const body = readyzBody.parse(json);
    return { answered: true, at, ms: Date.now() - at, httpStatus: res.status, body };
  } catch (err) {
    return { answered: false, at, ms: Date.now() - at, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `/readyz` until `wanted` holds for a sample, and returns that sample. Throws when the deadline passes or the
 * product exits, with the last sample and the end of its output.
 */
export async function waitForReadyz(product: Product, wanted: (s: ReadyzSample) => boolean, what: string, deadlineMs: number): Promise<ReadyzSample> {
  const end = Date.now() + deadlineMs;
  let last: ReadyzSample | undefined;
  for (;;) {
    if (!product.alive()) throw new Error(`the product exited while waiting for ${what}:\n${product.tail()}`);
    last = await probeReadyz(product.base);
    if (wanted(last)) return last;
    if (Date.now() > end) throw new Error(`no ${what} within ${deadlineMs} ms; last /readyz: ${describeSample(last)}\n${product.tail(15)}`);
    await sleep(150);
  }
}

export const isReady = (s: ReadyzSample): boolean => s.answered && s.httpStatus === 200 && s.body.status === 'ready';

/** One line for a sample: `200 ready {database:ok} 12 ms` or `no answer (TimeoutError…) 1001 ms`. */
export function describeSample(s: ReadyzSample | undefined): string {
  if (!s) return 'none';
  if (!s.answered) return `no answer (${s.error}) after ${s.ms} ms`;
  return `${s.httpStatus} ${s.body.status} ${JSON.stringify(s.body.checks)} in ${s.ms} ms`;
}

/**
 * Samples `/readyz` in the background (every `everyMs`, one request at a time) until stopped, to check that each
 * answer came within the deadline and what it said while a fault lasted.
 */
export class ReadyzWatch {
  readonly samples: ReadyzSample[] = [];
  #running = true;
  readonly #loop: Promise<void>;

  constructor(
    private readonly product: Product,
    everyMs = 200,
  ) {
    this.#loop = (async () => {
      while (this.#running && this.product.alive()) {
        this.samples.push(await probeReadyz(this.product.base));
        await sleep(everyMs);
      }
    })();
  }

  async stop(): Promise<ReadyzSample[]> {
    this.#running = false;
    await this.#loop;
    return this.samples;
  }

  /** Samples taken between two moments. */
  between(from: number, to: number): ReadyzSample[] {
    return this.samples.filter((s) => s.at >= from && s.at <= to);
  }

  /** Samples that did not answer within the deadline. */
  unanswered(): ReadyzSample[] {
    return this.samples.filter((s) => !s.answered);
  }
}

/**
 * Judges the samples of a fault: each answered within 1 s, and those that ran entirely inside `window` (the fault,
 * less the time a check may take to notice it) say what `truth` expects. Returns a line for the table and the
 * samples that broke the rule.
 */
export function judgeReadyz(samples: readonly ReadyzSample[], window: { from: number; to: number }, truth: (s: ReadyzSample & { answered: true }) => boolean): { truthful: boolean; line: string; wrong: string[] } {
  const late = samples.filter((s) => !s.answered);
  const inside = samples.filter((s) => s.at >= window.from && s.at + READYZ_DEADLINE_MS <= window.to);
  const lies = inside.filter((s) => s.answered && !truth(s));
  const seen = [...new Set(inside.map((s) => (s.answered ? `${s.httpStatus} ${s.body.status} ${JSON.stringify(s.body.checks)}` : 'no answer')))];
  const wrong = [...late.map((s) => `late: ${describeSample(s)}`), ...lies.map((s) => `untrue during the fault: ${describeSample(s)}`)];
  if (inside.length === 0) wrong.push('no /readyz sample fell inside the fault');
  const truthful = wrong.length === 0;
  const line = truthful ? `yes (${samples.length} answers ≤ 1 s; during: ${seen.join(', ')})` : `NO: ${late.length}/${samples.length} late, ${lies.length}/${inside.length} untrue during (${seen.join(', ')})`;
  return { truthful, line, wrong };
}
