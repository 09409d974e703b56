import { spawn } from 'node:child_process';
import test from 'ava';
import { createTestDatabase } from '../../src/testkit/database.ts';
import { parseLine, tokenize } from '../../src/cli/console/parse-line.ts';
import { coerceOption, commandPaths } from '../../src/cli/console/commands-index.ts';
import { complete, type AskChoices } from '../../src/cli/console/complete.ts';

test('a typed line becomes a command path and options, with quoted values', (t) => {
  t.deepEqual(parseLine('/settings set plugin:hello key:greeting value:"Good day"'), {
    path: ['settings', 'set'],
    options: { plugin: 'hello', key: 'greeting', value: 'Good day' },
  });
  t.deepEqual(tokenize(`a  'b c' d`), ['a', 'b c', 'd']);
  t.throws(() => parseLine('/bet place game:"open'), { message: /quote is not closed/ });
  t.throws(() => parseLine('/bet place units:1 stray'), { message: /"stray" is not an option/ });
});

test('command paths and option types come from the registered commands', (t) => {
  const paths = commandPaths([
    { name: 'plugins', options: [{ name: 'list', type: 1 }, { name: 'enable', type: 1, options: [{ name: 'name', type: 3 }] }] },
    { name: 'stats', options: [{ name: 'user', type: 6 }] },
  ]);
  t.deepEqual([...paths.keys()], ['plugins list', 'plugins enable', 'stats']);
  t.is(coerceOption({ name: 'units', type: 10 }, '2.5'), 2.5);
  t.is(coerceOption({ name: 'flag', type: 5 }, 'true'), true);
  t.is(coerceOption({ name: 'odds', type: 3 }, '-110'), '-110');
});

test('npm run console answers typed commands as the chosen member, starting a local bot when none runs', async (t) => {
  const db = await createTestDatabase('sqlite:');
  t.teardown(() => db.drop());
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, HTTP_PORT: '1', LOG_LEVEL: 'silent' };
  delete env.DISCORD_TOKEN;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/console/index.ts'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const until = async (re: RegExp): Promise<void> => {
    const end = Date.now() + 60_000;
    while (!re.test(out)) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`no ${re} in:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await until(/Type \.help for help/);
  child.stdin.write('/plugins list\n');
  await until(/Plugins in this server/);
  child.stdin.write('.as carol\n');
  await until(/Now acting as carol/);
  child.stdin.write('/plugins disable name:hello\n');
  await until(/You need the Manage Server permission/);
  child.stdin.write('/nope\n');
  await until(/Unknown command "nope"/);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdin.write('.quit\n');
  t.is(await exited, 0);
  t.regex(out, /│ .*hello.* · 🟢 on/);
});

test('Tab completes option values: fixed choices, and what the bot suggests with the options typed so far', async (t) => {
  const paths = commandPaths([
    {
      name: 'bet',
      options: [
        {
          name: 'place',
          type: 1,
          options: [
            { name: 'game', type: 3, autocomplete: true },
            { name: 'selection', type: 3, autocomplete: true },
            { name: 'units', type: 10 },
          ],
        },
      ],
    },
    { name: 'settings', options: [{ name: 'format', type: 3, choices: [{ name: 'American', value: 'american' }, { name: 'Decimal', value: 'decimal' }] }] },
  ]);
  const asked: unknown[] = [];
  const ask: AskChoices = async (command, focused, options) => {
    asked.push({ command, focused, options });
    if (focused === 'game') return [{ name: 'Arsenal v Chelsea · 08-05 19:00 UTC', value: '12' }, { name: 'Arsenal v Spurs · 08-06 15:00 UTC', value: '14' }];
    return [{ name: 'Arsenal @ -110', value: 'h2h:home:0' }];
  };

  const games = await complete('/bet place game:Arse', paths, ask);
  t.deepEqual(games.hits, ['game:12 ', 'game:14 ']);
  t.is(games.token, 'game:Arse');
  t.regex(games.legend.join('\n'), /12 +Arsenal v Chelsea/);
  const picks = await complete('/bet place game:12 units:2 selection:', paths, ask);
  t.deepEqual(picks.hits, ['selection:h2h:home:0 ']);
  t.deepEqual(asked.at(-1), { command: 'bet place', focused: 'selection', options: { game: '12', units: 2, selection: '' } });

  t.deepEqual((await complete('/settings format:dec', paths, ask)).hits, ['format:decimal ']);
  t.deepEqual((await complete('/bet place ga', paths, ask)).hits, ['game:']);
  t.deepEqual((await complete('/be', paths, ask)).hits, ['/bet place ']);
  t.deepEqual((await complete('.a', paths, ask)).hits, ['.as ']);
});
