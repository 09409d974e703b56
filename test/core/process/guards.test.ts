import { spawnSync } from 'node:child_process';
import test from 'ava';

// A real process: without the guard, Node ends it at the first unhandled rejection with exit code 1.
const script = `
import { pino } from 'pino';
import { installProcessGuards } from './src/core/process/guards.ts';
const counts = [];
installProcessGuards(pino({ level: 'error' }), (kind) => counts.push(kind));
Promise.reject(new Error('a background write failed'));
setTimeout(() => { throw new Error('a timer threw'); }, 10);
setTimeout(() => { process.stdout.write('still serving after ' + counts.join(',') + '\\n'); process.exit(0); }, 200);
`;

test('an unhandled rejection or an uncaught exception is logged and counted, and the process keeps running', (t) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  t.is(run.status, 0, run.stderr);
  t.regex(run.stdout, /still serving after unhandledRejection,uncaughtException/);
  t.regex(run.stdout, /"msg":"unhandled promise rejection/);
  t.regex(run.stdout, /a background write failed/);
  t.regex(run.stdout, /"level":60.*a timer threw/);
});
