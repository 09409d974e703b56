import { spawnSync } from 'node:child_process';
import test from 'ava';
import { ConfigError, loadConfig } from '../../../src/core/config/env.ts';

test('defaults give local mode on a SQLite file under ./data, port 3000', (t) => {
  const config = loadConfig({});
  t.is(config.DATABASE_URL, 'sqlite:./data/dbsbm.sqlite');
  t.is(config.HTTP_PORT, 3000);
  t.is(config.DISCORD_TOKEN, undefined);
  t.is(config.LOG_LEVEL, 'info');
});

test('every accepted DATABASE_URL form is accepted', (t) => {
  for (const url of ['sqlite:/tmp/x.sqlite', 'sqlite::memory:', 'mysql://root@127.0.0.1:3306/test', 'mariadb://u:p@db:3306/dbsbm']) {
    t.is(loadConfig({ DATABASE_URL: url }).DATABASE_URL, url);
  }
});

test('each bad variable gets one line naming it, what it got and what it accepts', (t) => {
  const err = t.throws(() => loadConfig({ HTTP_PORT: 'abc', DATABASE_URL: 'postgres://x/y', LOG_LEVEL: 'loud', REDIS_URL: 'localhost' }), {
    instanceOf: ConfigError,
  });
  const lines = err.message.split('\n');
  t.is(lines.length, 4);
  t.true(lines.some((l) => l.startsWith('HTTP_PORT: got "abc"; accepts a whole number from 0 to 65535')));
  t.true(lines.some((l) => l.startsWith('DATABASE_URL: got "postgres://x/y"; accepts sqlite:<path>')));
  t.true(lines.some((l) => l.startsWith('LOG_LEVEL: got "loud"; accepts one of')));
  t.true(lines.some((l) => l.startsWith('REDIS_URL: got "localhost"')));
});

test('LOG_FORMAT takes json or pretty; unset leaves the choice to the terminal check; anything else is one clear line', (t) => {
  t.is(loadConfig({}).LOG_FORMAT, undefined);
  t.is(loadConfig({ LOG_FORMAT: 'pretty' }).LOG_FORMAT, 'pretty');
  t.is(loadConfig({ LOG_FORMAT: 'json' }).LOG_FORMAT, 'json');
  const err = t.throws(() => loadConfig({ LOG_FORMAT: 'fancy' }), { instanceOf: ConfigError });
  t.is(err.message, 'LOG_FORMAT: got "fancy"; accepts json or pretty (unset: pretty when stdout is a terminal, JSON otherwise)');
});

test('a password in a bad URL is not echoed back', (t) => {
  const err = t.throws(() => loadConfig({ REDIS_URL: 'http://user:hunter2@host' }), { instanceOf: ConfigError });
  t.false(err.message.includes('hunter2'));
});

test('npm start with HTTP_PORT=abc exits 1 with one line naming HTTP_PORT and no stack trace', (t) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, HTTP_PORT: 'abc', DISCORD_TOKEN: '', DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  t.is(result.status, 1);
  t.is(result.stderr.trim(), 'HTTP_PORT: got "abc"; accepts a whole number from 0 to 65535', 'exactly one line');
  t.false(/\n\s+at /.test(result.stderr), 'no stack trace');
});
