import test from 'ava';
import { chooseLogFormat } from '../../../src/core/log/format.ts';

test('unset, the format follows stdout: pretty on a terminal, JSON into a pipe or a file', (t) => {
  t.is(chooseLogFormat(undefined, true), 'pretty');
  t.is(chooseLogFormat(undefined, false), 'json');
});

test('LOG_FORMAT wins over the terminal check, both ways', (t) => {
  t.is(chooseLogFormat('json', true), 'json');
  t.is(chooseLogFormat('pretty', false), 'pretty');
});
