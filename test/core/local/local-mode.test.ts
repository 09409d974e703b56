import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import Database from 'better-sqlite3';

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function start(dbFile: string, port: number): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `sqlite:${dbFile}`, HTTP_PORT: String(port), LOG_LEVEL: 'warn' };
  delete env.DISCORD_TOKEN;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${out}`);
    const ready = await fetch(`${base}/readyz`).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (Date.now() > until) throw new Error(`not ready in time:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base, output: () => out };
}

const stop = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

const post = async (base: string, path: string, body: unknown) => {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { embeds?: { title?: string; description?: string }[] } };
};

test('npm start with no token: demo server, commands over /emulator, data kept across a restart, no duplicates', async (t) => {
  const dbFile = join(mkdtempSync(join(tmpdir(), 'dbsbm-local-')), 'local.sqlite');
  const port = await freePort();

  const first = await start(dbFile, port);
  t.teardown(() => first.child.kill('SIGKILL'));
  t.regex(first.output(), /local mode/);
  t.regex(first.output(), /curl -s -XPOST http:\/\/127\.0\.0\.1:\d+\/emulator\/interactions/);
  t.regex(first.output(), /npm run console/);

  const list = await post(first.base, '/emulator/interactions', { command: 'plugins list' });
  t.is(list.status, 200);
  t.like(list.body, { type: 4, ephemeral: false });
  t.regex(list.body.embeds![0]!.description!, /\*\*hello\*\* · 🟢 on/);

  const state = (await (await fetch(`${first.base}/emulator/state`)).json()) as { guilds: { name: string; channels: { name: string }[]; roles: { name: string }[] }[] };
  const guild = state.guilds.find((g) => g.name === 'Local Sports Club')!;
  t.truthy(guild);
  t.deepEqual(guild.channels.map((c) => c.name).sort(), ['admin', 'bets', 'general', 'results']);
  t.true(['Admin', 'Capper', 'Member'].every((r) => guild.roles.some((x) => x.name === r)));
  const commands = (await (await fetch(`${first.base}/emulator/commands`)).json()) as { name: string }[];
  t.deepEqual(commands.map((c) => c.name).sort(), ['analytics', 'api', 'bet', 'capper', 'competition', 'hello', 'insights', 'leaderboard', 'limits', 'live', 'ml', 'notifications', 'performance', 'plugins', 'predict', 'preferences', 'settings', 'stats', 'tier', 'value', 'webhook']);

  const set = await post(first.base, '/emulator/interactions', { command: 'settings set', options: { plugin: 'hello', key: 'greeting', value: 'Welcome back' } });
  t.regex(set.body.embeds![0]!.title!, /hello\.greeting is now/);
  t.is(await stop(first.child), 0, 'SIGTERM shuts down cleanly');

  const second = await start(dbFile, port);
  t.teardown(() => second.child.kill('SIGKILL'));
  const hello = await post(second.base, '/emulator/interactions', { command: 'hello' });
  t.is(hello.body.embeds![0]!.title, 'Welcome back, club-owner!');
  const db = new Database(dbFile, { readonly: true });
  t.is((db.prepare('select count(*) as n from guild_settings').get() as { n: number }).n, 1, 'the demo server is seeded once');
  t.is((db.prepare("select tier from guild_settings").get() as { tier: string }).tier, 'platinum');
  db.close();
  t.is(await stop(second.child), 0);
});
