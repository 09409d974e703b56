import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import test from 'ava';
import { Webhook } from 'standardwebhooks';
import { createTestDatabase } from '../../../src/testkit/database.ts';
import { bootApp } from '../../helpers/app.ts';
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
  const receiver = await startReceiver(() => ({ status: 200 }));
  t.teardown(receiver.close);
  const env = { DATABASE_URL: db.url, RECEIVER_URL: receiver.url };

  const first = worker('produce', env);
  await waitUntil(() => /produced/.test(first.out()), 'the burst to be written', 90_000);
  const secret = (JSON.parse(first.out().split('\n')[0]!) as { secret: string }).secret;
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
  // Verified after the fact: deliveries can arrive before this test has read the secret from the child's output.
  const bad = receiver.received.filter((r) => {
    try {
      new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
      return false;
    } catch {
      return true;
    }
  });
  t.deepEqual(bad.map((r) => r.id), [], 'every delivery verifies');
  const bodies = new Map<string, string>();
  for (const r of receiver.received) {
    const n = String((JSON.parse(r.body) as { data: { data: { n: number } } }).data.data.n);
    if (bodies.has(r.id)) t.is(bodies.get(r.id), n, 'a duplicate carries the same webhook-id as its first delivery');
    bodies.set(r.id, n);
  }
  t.is(new Set(bodies.values()).size, 1000, 'each of the 1,000 events, once per id');
  t.log(`${receiver.received.length} deliveries for 1000 events (${receiver.received.length - 1000} duplicates after the kill)`);
});

test('killed with SIGKILL while a batch is being sent: nothing of it was recorded, and every event of it is sent again with its webhook-id', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.drop());
  // The first process's requests are held unanswered, so it dies with a batch in flight.
  let answering = false;
  const held: ServerResponse[] = [];
  const arrivals: { id: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      arrivals.push({ id: String(req.headers['webhook-id']), body });
      if (answering) res.writeHead(204).end();
      else held.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const env = { DATABASE_URL: db.url, RECEIVER_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, COUNT: '100' };

  const first = worker('produce', env);
  // Killed with requests in flight, before the first of them could time out (15 s) and be recorded as a failure:
  // when 8 are held, or 3 s after the first (the worker may have claimed the jobs in small batches).
  await waitUntil(() => held.length >= 1, 'a batch to be in flight', 90_000);
  const firstHeld = Date.now();
  await waitUntil(() => held.length >= 8 || Date.now() - firstHeld >= 3_000, 'more of the batch to be in flight', 10_000);
  const killed = new Promise((r) => first.child.once('exit', r));
  first.child.kill('SIGKILL');
  await killed;
  const inFlight = new Map(arrivals.map((a) => [a.id, a.body]));
  // A second app on the same database, never started: only to read the tables.
  const reader = await bootApp(t, [], { databaseUrl: db.url, start: false });
  const probe = {
    count: async (sql: string) => Number(((await reader.orm.em.fork().getConnection().execute(sql)) as { c: number }[])[0]!.c),
  };
  t.is(await probe.count('select count(*) as c from webhook_deliveries'), 0, 'the killed batch recorded nothing');

  answering = true;
  const second = worker('drain', env);
  t.teardown(() => second.child.kill('SIGKILL'));
  await waitUntil(async () => (await probe.count("select count(*) as c from webhook_deliveries where outcome = 'delivered'")) === 100, 'every event delivered after the restart', 120_000);
  for (const [id, body] of inFlight) {
    const again = arrivals.filter((a) => a.id === id);
    t.true(again.length >= 2, `${id} was sent again`);
    t.true(again.every((a) => JSON.parse(a.body).data.data.n === JSON.parse(body).data.data.n), 'with the same webhook-id for the same event');
  }
  t.is(await probe.count('select count(*) as c from webhook_deliveries'), 100, 'one attempt row per event');
  t.is(await probe.count('select count(distinct message_id) as c from webhook_deliveries'), 100);
});
