import test from 'ava';
import { spawn } from 'node:child_process';
import { createTestDatabase } from '../../src/testkit/database.ts';

/** How long a process may stay alive after its app stopped before the test calls it a leak (pool acquire: 15 s). */
const EXIT_DEADLINE_MS = 10_000;

interface ChildRun {
  code: number | null;
  output: string;
  /** Whether it was still alive at the deadline after printing "stopped". */
  leaked: boolean;
}

function runToExit(env: Record<string, string>): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/stop-and-exit.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let leaked = false;
    let deadline: NodeJS.Timeout | undefined;
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!deadline && output.includes('stopped\n')) {
        deadline = setTimeout(() => {
          leaked = true;
          child.kill('SIGKILL');
        }, EXIT_DEADLINE_MS);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, output, leaked });
    });
  });
}

for (const late of [false, true]) {
  test.serial(
    late
      ? 'a process ends by itself once the app stopped, also when a query starts while the database closes (issue 14 shutdown leak)'
      : 'a process that ran the whole product ends by itself once the app stopped: no timer, socket or pool left behind',
    async (t) => {
      const db = await createTestDatabase();
      t.teardown(() => db.drop());
      const run = await runToExit({ DATABASE_URL: db.url, LATE_QUERY: late ? '1' : '0' });
      t.false(run.leaked, `still alive ${EXIT_DEADLINE_MS} ms after stopping:\n${run.output}`);
      t.is(run.code, 0, run.output);
      t.regex(run.output, /plugins list: 200/);
      if (late) t.regex(run.output, /late query: (answered|refused)/);
    },
  );
}
