import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { connect } from 'node:net';
import type { TestFn } from 'ava';

/**
 * Outside services some tests need beyond `npm ci`. `npm test` on a fresh machine skips those tests with one line
 * saying what is missing and how to get it; `.ci/run` sets `DBSBM_REQUIRE_SERVICES=1`, which turns each skip into a
 * failure so CI still runs everything. MariaDB is not listed: a test uses it only when `DATABASE_URL` asks for it.
 */
export type Service = 'chromium' | 'redis';

/** Where the browser tests find Chromium: `CHROMIUM_PATH`, else Debian's package. */
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string => env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The Redis the cross-instance tests use: `REDIS_URL` (CI's second run), else `TEST_REDIS_URL`, else the local
 * default. `TEST_REDIS_URL` only moves that default, so a run can pretend no Redis is installed without touching
 * the shared one (`TEST_REDIS_URL=redis://127.0.0.1:1`).
 */
export const testRedisUrl = (env: NodeJS.ProcessEnv = process.env): string =>
  env.REDIS_URL || env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** Whether a missing service fails the run instead of skipping (`DBSBM_REQUIRE_SERVICES=1`, set by `.ci/run`). */
export const servicesRequired = (env: NodeJS.ProcessEnv = process.env): boolean => ['1', 'true', 'yes'].includes((env.DBSBM_REQUIRE_SERVICES ?? '').toLowerCase());

// A loopback connect answers at once; the timeout only matters for a remote host that drops packets.
const CONNECT_TIMEOUT_MS = 1500;

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The URL without its password, fit to print. */
const printable = (url: string): string => url.replace(/\/\/([^:@/]*):([^@/]+)@/, '//$1:***@');

/**
 * Checks one service quickly: Chromium's executable exists, Redis accepts a TCP connection.
 * @returns undefined when it is there, else one line saying what is missing and how to get it.
 */
export async function probe(service: Service, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (service === 'chromium') {
    const path = chromiumPath(env);
    try {
      await access(path, constants.X_OK);
      return undefined;
    } catch {
      return `Chromium not found at ${path} — apt-get install -y chromium (or set CHROMIUM_PATH)`;
    }
  }
  const url = testRedisUrl(env);
  let host = '127.0.0.1';
  let port = 6379;
  try {
    const parsed = new URL(url);
    host = parsed.hostname || host;
    port = parsed.port ? Number(parsed.port) : port;
  } catch {
    return `Redis URL ${printable(url)} is not a URL — set REDIS_URL=redis://host:port`;
  }
  if (await canConnect(host, port)) return undefined;
  return `Redis not reachable at ${printable(url)} — apt-get install -y redis-server && redis-server --daemonize yes (or set REDIS_URL)`;
}

/** What to do with tests whose services were probed. */
export type ServiceDecision = { run: true } | { run: false; mode: 'skip' | 'fail'; line: string };

/** Decides from the probes' answers and the CI flag: run, skip with one line, or fail with that line. */
export function decide(missing: readonly (string | undefined)[], required: boolean): ServiceDecision {
  const lines = missing.filter((m): m is string => m !== undefined);
  if (lines.length === 0) return { run: true };
  return { run: false, mode: required ? 'fail' : 'skip', line: lines.join('; ') };
}

/** The answer of {@link needs}: declares a group of tests, or the one line that stands in for them. */
export interface ServiceCheck {
  readonly decision: ServiceDecision;
  /**
   * Declares the tests (and hooks) `register` declares when every service is there. Otherwise it declares one
   * test in their place: skipped, titled "skipped: <what is missing — how to get it>", or, with
   * `DBSBM_REQUIRE_SERVICES=1`, failing with that line. Synchronous, so it may sit anywhere in the file.
   */
  tests<Context>(test: TestFn<Context>, register: (test: TestFn<Context>) => void): void;
}

/**
 * Probes the services a group of tests needs. Await it at the top of the test file, before any test is declared:
 * ava starts running a file's tests soon after the first one is declared, and refuses declarations after that.
 * @example
 * const browser = await needs(['chromium']);
 * browser.tests(test, (test) => {
 *   test.before(async () => { … chromium.launch({ executablePath: chromiumPath() }) … });
 *   test('the dashboard renders', async (t) => { … });
 * });
 */
export async function needs(services: readonly Service[], env: NodeJS.ProcessEnv = process.env): Promise<ServiceCheck> {
  const decision = decide(await Promise.all(services.map((s) => probe(s, env))), servicesRequired(env));
  return {
    decision,
    tests(test, register) {
      if (decision.run) {
        register(test);
        return;
      }
      const { line } = decision;
      if (decision.mode === 'skip') {
        test.skip(`skipped: ${line}`, (t) => t.pass());
        return;
      }
      test('a required service is missing (DBSBM_REQUIRE_SERVICES=1)', (t) => {
        t.fail(line);
      });
    },
  };
}
