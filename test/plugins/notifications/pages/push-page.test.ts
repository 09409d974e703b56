import { Script, runInNewContext } from 'node:vm';
import test from 'ava';
import { pushPageHtml, serviceWorkerJs } from '../../../../src/plugins/notifications/pages/push-page.ts';

const publicKey = 'BPk'.padEnd(87, 'A');
const scriptOf = (html: string): string => /<script nonce="[^"]*">([\s\S]*?)<\/script>/.exec(html)![1];

test('the page escapes a <script> title and keeps values inside its one script', (t) => {
  const subscribeUrl = '/n/subscribe?t="</script><script>alert(2)//';
  const html = pushPageHtml({ publicKey, subscribeUrl, nonce: 'n0"nce', title: '<script>alert(1)</script>' });
  t.true(html.includes('<title>&#60;script&#62;alert(1)&#60;/script&#62;</title>'));
  t.is(html.match(/<script/g)?.length, 1);
  t.is(html.match(/<\/script>/g)?.length, 1);
  t.true(html.includes('nonce="n0&#34;nce"'));
  const cfg = JSON.parse(/const cfg = (.*);/.exec(scriptOf(html))![1]) as Record<string, string>;
  t.deepEqual(cfg, { publicKey, subscribeUrl, worker: '/n/sw.js', scope: '/n/' });
});

test('the page script parses and has the button and the messages a member needs', (t) => {
  const html = pushPageHtml({ publicKey, subscribeUrl: '/n/subscribe', nonce: 'abc' });
  t.notThrows(() => new Script(scriptOf(html)));
  t.true(html.includes('>Turn on notifications</button>'));
  t.true(html.includes('This browser does not support push'));
  t.true(html.includes('Permission denied: allow notifications for this site in the browser settings'));
  t.true(html.includes('<style nonce="abc">'));
});

/** Runs the worker against a stand-in for the browser's worker globals and records what it asks of them. */
function runWorker() {
  const listeners = new Map<string, (event: object) => void>();
  const calls: unknown[][] = [];
  const waits: Promise<unknown>[] = [];
  const self = {
    addEventListener: (type: string, fn: (event: object) => void) => listeners.set(type, fn),
    skipWaiting: async () => undefined,
    registration: { showNotification: async (...args: unknown[]) => void calls.push(['show', ...args]) },
    clients: { claim: async () => undefined, openWindow: async (url: string) => void calls.push(['open', url]) },
  };
  const fetch = async (...args: unknown[]) => void calls.push(['fetch', ...args]);
  runInNewContext(serviceWorkerJs(), { self, fetch });
  const dispatch = async (type: string, event: object) => {
    listeners.get(type)!({ ...event, waitUntil: (p: Promise<unknown>) => waits.push(p) });
    await Promise.all(waits.splice(0));
  };
  // The worker's objects come from another realm; compare them as JSON.
  return { dispatch, calls: () => JSON.parse(JSON.stringify(calls)) as unknown[][] };
}

test('the worker shows a push and, on click, records it and opens the link', async (t) => {
  const worker = runWorker();
  const payload = { title: 'Won', body: '+12', url: 'https://bot.example/c?to=x', click: 'https://bot.example/pc', tag: 'odds_alert-abc' };
  await worker.dispatch('push', { data: { json: () => payload, text: () => JSON.stringify(payload) } });
  t.deepEqual(worker.calls(), [['show', 'Won', { body: '+12', data: { url: payload.url, click: payload.click }, tag: 'odds_alert-abc' }]]);
  let closed = false;
  await worker.dispatch('notificationclick', { notification: { data: { url: payload.url, click: payload.click }, close: () => (closed = true) } });
  t.true(closed);
  t.deepEqual(worker.calls().slice(1), [
    ['fetch', payload.click, { method: 'POST', keepalive: true }],
    ['open', payload.url],
  ]);
});

test('the worker leaves the tag out when the push has none', async (t) => {
  const worker = runWorker();
  const payload = { title: 'Hi', body: 'b', url: null, click: 'https://bot.example/pc', tag: null };
  await worker.dispatch('push', { data: { json: () => payload, text: () => '' } });
  t.deepEqual(worker.calls(), [['show', 'Hi', { body: 'b', data: { url: null, click: payload.click } }]]);
});
