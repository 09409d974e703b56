import test from 'ava';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SHIPPED = join(ROOT, 'src/plugins/betting/data/england-premier-league-2022-2023.csv');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function ml(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/plugins/ml/cli/ml.ts', ...args],
      { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;
let csv: string;
let twoSeasons: string;
test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ml-cli-'));
  csv = join(dir, 'epl.csv');
  await copyFile(SHIPPED, csv);
  // The season split in two pseudo-seasons, so `train` has a fit season and a validation season.
  const lines = (await readFile(SHIPPED, 'utf8')).trimEnd().split('\n');
  const relabelled = lines.map((line, i) => {
    if (i === 0) return line;
    const cells = line.split(',');
    cells[3] = cells[0] < '2023-01-01' ? '2022-H1' : '2023-H2';
    return cells.join(',');
  });
  twoSeasons = join(dir, 'epl-two.csv');
  await writeFile(twoSeasons, `${relabelled.join('\n')}\n`);
});
test.after.always(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Exit 1 with exactly one line on stderr, no stack trace, nothing on stdout. */
function assertOneLineError(t: { is: (a: unknown, b: unknown) => void; regex: (s: string, r: RegExp) => void; notRegex: (s: string, r: RegExp) => void }, run: Run, pattern: RegExp): void {
  t.is(run.code, 1);
  t.is(run.stdout, '');
  t.is(run.stderr.trimEnd().split('\n').length, 1);
  t.regex(run.stderr, pattern);
  t.notRegex(run.stderr, /\n\s+at /);
}

test('evaluate --model outcome prints one JSON line with the keys in order', async (t) => {
  const run = await ml('evaluate', '--model', 'outcome', '--data', csv);
  t.is(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  t.is(lines.length, 1);
  const report = JSON.parse(lines[0]) as Record<string, unknown>;
  t.deepEqual(Object.keys(report), [
    'model',
    'n',
    'logloss',
    'accuracy',
    'brier',
    'ece',
    'market_open_logloss',
    'market_close_logloss',
    'market_open_accuracy',
  ]);
  t.is(report.model, 'outcome');
  t.is(report.n, 380);
  for (const [k, v] of Object.entries(report)) {
    if (k === 'model') continue;
    t.is(typeof v, 'number');
    t.is(Math.round((v as number) * 1e4) / 1e4, v as number, `${k} rounded to 4 decimals`);
  }
  // The de-margined opening market on this season, computed independently of the model.
  t.true((report.market_open_logloss as number) > 0.9 && (report.market_open_logloss as number) < 1.05);
});

test('evaluate --model movement prints the model beside the no-move baseline', async (t) => {
  const run = await ml('evaluate', '--model', 'movement', '--data', csv, '--season', '2022-2023');
  t.is(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as Record<string, unknown>;
  t.deepEqual(Object.keys(report).slice(0, 5), ['model', 'n', 'pairs', 'mae', 'baseline_mae']);
  t.is(report.n, 380);
  t.is(report.pairs, 1140);
  for (const k of ['directional_accuracy', 'alert_recall', 'baseline_alert_recall', 'large_moves', 'alerts']) t.is(typeof report[k], 'number');
});

test('bad input: unknown model, unknown command, unknown option', async (t) => {
  assertOneLineError(t, await ml('evaluate', '--model', 'weather', '--data', csv), /--model: expected one of outcome, movement/);
  assertOneLineError(t, await ml('evaluate', '--model', 'trends', '--data', csv), /--model/);
  assertOneLineError(t, await ml('predict', '--model', 'outcome'), /expected a command: evaluate or train/);
  assertOneLineError(t, await ml('evaluate', '--model', 'outcome', '--data', csv, '--verbose', 'yes'), /unknown option --verbose/);
  assertOneLineError(t, await ml('evaluate', '--model', 'outcome'), /--data/);
  assertOneLineError(t, await ml('train', '--seed', 'abc'), /--seed: expected a whole number/);
});

test('bad input: missing file, file not in the football format, season absent', async (t) => {
  assertOneLineError(t, await ml('evaluate', '--model', 'outcome', '--data', join(dir, 'nope.csv')), /cannot read data file .*nope\.csv/);
  const bad = join(dir, 'bad.csv');
  await writeFile(bad, 'name,score\nalice,3\nbob,4\n');
  assertOneLineError(t, await ml('evaluate', '--model', 'outcome', '--data', bad), /bad\.csv is not a football CSV in the shared format/);
  assertOneLineError(t, await ml('evaluate', '--model', 'outcome', '--data', csv, '--season', '2030-2031'), /no match of season 2030-2031/);
});

test('train writes a deterministic artefact (same seed → same bytes apart from trainedAt)', async (t) => {
  const outA = join(dir, 'a');
  const outB = join(dir, 'b');
  const [a, b] = [
    await ml('train', '--model', 'outcome', '--seed', '3', '--data', twoSeasons, '--out-dir', outA),
    await ml('train', '--model', 'outcome', '--seed', '3', '--data', twoSeasons, '--out-dir', outB),
  ];
  t.is(a.code, 0, a.stderr);
  t.is(b.code, 0, b.stderr);
  const line = JSON.parse(a.stdout) as { model: string; metrics: Record<string, number> };
  t.is(line.model, 'outcome');
  t.is(typeof line.metrics.validation_logloss, 'number');
  // Progress goes to stderr (not a TTY here: plain lines), never to stdout.
  t.regex(a.stderr, /train outcome: 100%/);
  const strip = (s: string) => s.replace(/"trainedAt": "[^"]*"/, '');
  const [ja, jb] = [await readFile(join(outA, 'outcome.json'), 'utf8'), await readFile(join(outB, 'outcome.json'), 'utf8')];
  t.is(strip(jb), strip(ja));
  const artefact = JSON.parse(ja) as { card: { seed: number; data: { seasons: { validation: string } } } };
  t.is(artefact.card.seed, 3);
  t.is(artefact.card.data.seasons.validation, '2023-H2');
});

test('train on one season explains that a fit season is needed', async (t) => {
  assertOneLineError(t, await ml('train', '--model', 'movement', '--data', csv, '--out-dir', join(dir, 'c')), /at least one season before the validation season/);
});
