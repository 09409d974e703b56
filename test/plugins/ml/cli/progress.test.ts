import test from 'ava';
import { createProgress } from '../../../../src/plugins/ml/cli/progress.ts';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let out = '';
  const stream = { isTTY, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => out };
}

test('on a TTY the bar is one line redrawn with \\r and ended with a newline', (t) => {
  const { stream, text } = fakeStream(true);
  const p = createProgress('train x', stream);
  for (let i = 1; i <= 4; i++) p.update(i, 4);
  p.finish();
  t.is(text().split('\r').length - 1, 4);
  t.true(text().endsWith('100% (4/4)\n'));
  t.is(text().split('\n').length, 2);
});

test('without a TTY it prints a plain line every 10 %', (t) => {
  const { stream, text } = fakeStream(false);
  const p = createProgress('train x', stream);
  for (let i = 1; i <= 200; i++) p.update(i, 200);
  p.finish();
  t.false(text().includes('\r'));
  const lines = text().trimEnd().split('\n');
  t.is(lines.length, 11);
  t.is(lines.at(-1), 'train x: 100% (200/200)');
});
