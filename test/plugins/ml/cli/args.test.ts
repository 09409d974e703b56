import test from 'ava';
import { parseArgs, UsageError } from '../../../../src/plugins/ml/cli/args.ts';

test('evaluate takes several files after --data and an optional season', (t) => {
  t.deepEqual(parseArgs(['evaluate', '--model', 'outcome', '--data', 'a.csv', 'b.csv', '--season', '2022-2023']), {
    command: 'evaluate',
    model: 'outcome',
    data: ['a.csv', 'b.csv'],
    season: '2022-2023',
  });
  t.deepEqual(parseArgs(['evaluate', '--model=movement', '--data=a.csv']), { command: 'evaluate', model: 'movement', data: ['a.csv'] });
});

test('train defaults to seed 1 and all models', (t) => {
  t.deepEqual(parseArgs(['train']), { command: 'train', seed: 1 });
  t.deepEqual(parseArgs(['train', '--model', 'churn', '--seed', '42']), { command: 'train', model: 'churn', seed: 42 });
});

test('bad arguments are usage errors with a one-line reason', (t) => {
  const cases: [string[], RegExp][] = [
    [['evaluate', '--model', 'outcome'], /--data/],
    [['evaluate', '--model', 'segments', '--data', 'a.csv'], /--model: expected one of outcome, movement/],
    [['train', '--model', 'outcome', '--model', 'movement'], /--model given twice/],
    [['train', '--seed'], /--seed needs a value/],
    [['train', 'outcome'], /unexpected argument "outcome"/],
    [['train', '--fast', 'yes'], /unknown option --fast/],
    [['evaluate', '--model', 'outcome', '--data', 'a.csv', '--season', '2022'], /--season: expected a season like 2022-2023/],
    [['fit'], /expected a command: evaluate or train/],
  ];
  for (const [argv, message] of cases) {
    const err = t.throws(() => parseArgs(argv), { instanceOf: UsageError });
    t.regex(err?.message ?? '', message);
    t.false((err?.message ?? '').includes('\n'));
  }
});
