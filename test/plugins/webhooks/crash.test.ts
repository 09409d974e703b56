import { spawn, type ChildProcess } from 'node:child_process';
import test from 'ava';
import { Webhook } from 'standardwebhooks';
import { createTestDatabase } from '../../../src/testkit/database.ts';
import { startReceiver, waitUntil } from './receiver.ts';

const worker = (mode: 'produce' | 'drain', env: NodeJS.ProcessEnv): { child: ChildProcess; out: () => string } => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/webhook-worker.ts'], { env: { ...process.env, ...env, MODE: mode }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, out: () => out };
};

test('the bot killed with SIGKILL in the middle of a burst of 1,000 events: after a restart every event arrives, duplicates keep their webhook-id', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.drop());
  let secret = '';
  const bad: string[] = [];
  const receiver = await startReceiver((r) => {
    try {
      new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
    } catch {
      bad.push(r.id);
    }
    return { status: 200 };
  });
  t.teardown(receiver.close);
  const env = { DATABASE_URL: db.url, RECEIVER_URL: receiver.url };

  const first = worker('produce', env);
  await waitUntil(() => /produced/.test(first.out()), 'the burst to be written', 90_000);
  secret = (JSON.parse(first.out().split('\n')[0]!) as { secret: string }).secret;
  await waitUntil(() => receiver.received.length >= 100, 'deliveries to be under way', 90_000);
  const killed = new Promise((r) => first.child.once('exit', r));
  first.child.kill('SIGKILL');
  await killed;
  const beforeRestart = new Set(receiver.received.map((r) => r.id)).size;
  t.true(beforeRestart < 1000, `killed mid-burst (${beforeRestart} of 1000 delivered)`);

  const second = worker('drain', env);
  t.teardown(() => second.child.kill('SIGKILL'));
  await waitUntil(() => new Set(receiver.received.map((r) => r.id)).size >= 1000, 'every event after the restart', 120_000);
  const ids = receiver.received.map((r) => r.id);
  const distinct = new Set(ids);
  t.is(distinct.size, 1000, 'none lost');
  t.deepEqual(bad, [], 'every delivery verifies');
  const bodies = new Map<string, string>();
  for (const r of receiver.received) {
    const n = String((JSON.parse(r.body) as { data: { data: { n: number } } }).data.data.n);
    if (bodies.has(r.id)) t.is(bodies.get(r.id), n, 'a duplicate carries the same webhook-id as its first delivery');
    bodies.set(r.id, n);
  }
  t.is(new Set(bodies.values()).size, 1000, 'each of the 1,000 events, once per id');
  t.log(`${receiver.received.length} deliveries for 1000 events (${receiver.received.length - 1000} duplicates after the kill)`);
});
