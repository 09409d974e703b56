import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** A port nobody listens on right now (the kernel's pick, then released). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** When the process ended (epoch ms). */
  at: number;
}

/** The real product (`npm start`) running as a child process. */
export interface Product {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<HTTP_PORT>` */
  readonly base: string;
  /** Where its whole output is kept after the run (under the OS temp dir), to read what it logged during a fault. */
  readonly logFile: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** The JSON log lines so far (LOG_FORMAT=json), parsed. */
  logs(): LogLine[];
  /** Resolves when the process has ended. */
  readonly exited: Promise<Exit>;
  /** Whether the process still runs. */
  alive(): boolean;
  /** The last lines of output, for a failure message. */
  tail(lines?: number): string;
  /** SIGKILL if still running (teardown). */
  kill(): void;
}

export interface LogLine {
  level: number;
  msg: string;
  time: number;
  [key: string]: unknown;
}

/**
 * Starts `node --import tsx src/main.ts` (what `npm start` runs) in local mode: no DISCORD_TOKEN, so the bot logs
 * in to the Discord emulator with the demo server. `env` is laid over a copy of the test's environment with the
 * variables that would point the product elsewhere removed. Does not wait for readiness.
 */
export function spawnProduct(env: { DATABASE_URL: string; REDIS_URL?: string; HTTP_PORT: number; [key: string]: string | number | undefined }): Product {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DISCORD_TOKEN', 'REDIS_URL', 'DATABASE_URL', 'HTTP_HOST', 'ODDS_API_KEY', 'PUBLIC_URL', 'LOG_LEVEL']) delete childEnv[k];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = String(v);
  childEnv.LOG_FORMAT = 'json';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: REPO, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const dir = join(tmpdir(), 'dbsbm-reliability');
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, `product-${new Date().toISOString().replace(/[:.]/g, '-')}-${env.HTTP_PORT}.log`);
  const file = createWriteStream(logFile);
  let out = '';
  const collect = (d: Buffer) => {
    out += d;
    file.write(d);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  child.once('close', () => file.end());
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    child,
    base: `http://127.0.0.1:${env.HTTP_PORT}`,
    logFile,
    output: () => out,
    logs: () => parseLogs(out),
    exited,
    alive: () => !ended && child.exitCode === null && child.signalCode === null,
    // Request logs are long and say nothing about a fault; a failure message shows the other lines.
    tail: (lines = 30) =>
      out
        .split('\n')
        .filter((l) => !l.includes('"msg":"request completed"'))
        .slice(-lines)
        .map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l))
        .join('\n'),
    kill: () => {
      if (!ended && child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** The JSON lines of pino's output; the welcome text of local mode and anything else is skipped. */
export function parseLogs(out: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line) as unknown;
      if (parsed && typeof parsed === 'object' && 'msg' in parsed && 'level' in parsed) lines.push(parsed as LogLine);
    } catch {
      // A partial line still being written.
    }
  }
  return lines;
}

/** Where a cleanup goes: a test's teardown, or a list a file's `test.after.always` runs. */
export type Cleanup = ExecutionContext | ((fn: () => void) => void);

/**
 * Registers SIGKILL of the product on teardown, so no child outlives a failed test: on the test's own teardown, or,
 * for a product that several serial tests share, wherever `cleanup` puts it.
 */
export function killAfter(cleanup: Cleanup, product: Product): Product {
  if (typeof cleanup === 'function') cleanup(() => product.kill());
  else cleanup.teardown(() => product.kill());
  return product;
}

/** Lines that say the process died of an error, to quote in a failure message. */
export function deathLines(product: Product): string {
  const lines = product
    .output()
    .split('\n')
    .filter((l) => /unhandled|uncaught|fatal|"level":60|"level":50|Error:|at .*\.ts:\d+/.test(l))
    .slice(-12)
    .map((l) => (l.length > 600 ? `${l.slice(0, 600)}…` : l));
  return `${lines.join('\n')}\n(whole output: ${product.logFile})`;
}
