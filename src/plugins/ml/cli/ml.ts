/**
 * `npm run ml -- <evaluate|train> ...`: trains and evaluates the ml plugin's models.
 * Results go to stdout as JSON lines; progress and errors go to stderr; bad input exits 1 with one line.
 */
import { FootballModelError } from '../models/football/errors.ts';
import { parseArgs, UsageError, USAGE } from './args.ts';
import { runEvaluate } from './evaluate-command.ts';
import { runTrain } from './train-command.ts';

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const args = parseArgs(argv);
  if (args.command === 'evaluate') {
    const report = await runEvaluate(args, (message) => process.stderr.write(`ml: note: ${message}\n`));
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const { trained, errors } = await runTrain(args);
  for (const line of trained) process.stdout.write(`${JSON.stringify(line)}\n`);
  for (const e of errors) process.stderr.write(`ml: ${e}\n`);
  return errors.length > 0 ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`ml: ${err.message} (npm run ml -- --help for usage)\n`);
  } else if (err instanceof FootballModelError) {
    process.stderr.write(`ml: ${err.message}\n`);
  } else {
    // Not an input problem: still one line (the brief's contract), with the message; rerun under a debugger
    // for the stack.
    process.stderr.write(`ml: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exitCode = 1;
}
