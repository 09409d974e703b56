import test from 'ava';
import { readdir, readFile } from 'node:fs/promises';
import { isRefusal } from 'dbsbm';
import { GUILD_TOPICS } from '../../src/plugins/stream/services/guild-topics.ts';
import { resolveTopics } from '../../src/plugins/stream/services/topics.ts';
import { streamOptions } from '../../src/plugins/stream/settings.ts';
import { CLOSE } from '../../src/plugins/stream/transports/ws.ts';

// docs/streaming.md against the code: its clients are the files the tests run, byte for byte, and its topics, event
// names, close codes and limits are the ones the stream plugin has.

const read = (path: string): Promise<string> => readFile(path, 'utf8');
const doc = await read('docs/streaming.md');

/** The rows of the first table after `heading`, as cells. */
function tableAfter(text: string, heading: string): string[][] {
  const at = text.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`docs/streaming.md has no "${heading}" section`);
  const lines = text.slice(at).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(' | ').map((c) => c.trim()));
  }
  return rows;
}

const ticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

test('the clients in docs/streaming.md are the files the tests run, byte for byte, and every example file is shown', async (t) => {
  const included = [...doc.matchAll(/<!-- include: (\S+) -->\n```\w*\n([\s\S]*?)```\n/g)].map((m) => ({ path: m[1]!, text: m[2]! }));
  t.true(included.length >= 3);
  for (const { path, text } of included) t.true(text === (await read(`docs/${path}`)), `docs/streaming.md shows another ${path} than the file: paste the file again`);
  const files = (await readdir('docs/examples/streaming')).map((f) => `examples/streaming/${f}`);
  t.deepEqual(sorted(included.map((i) => i.path)), sorted(files), 'every example file is shown in the guide');
});

test('the topics in docs/streaming.md are the ones the stream accepts, with the server-only ones marked', (t) => {
  const rows = tableAfter(doc, '## Topics');
  const documented = rows.map((r) => ticked(r[0]!)[0]!);
  // Each documented name (placeholders filled in) is accepted, and a server's own topics map to that server.
  for (const name of documented) {
    const concrete = name.replace('<gameId>', '12').replace('<slug>', 'premier-league');
    const [resolved] = resolveTopics([concrete], '900000000000000001', 50);
    t.is(resolved!.name, concrete);
    const serverOnly = rows.find((r) => ticked(r[0]!)[0] === name)![2] === "the key's server";
    t.is(serverOnly, resolved!.key.includes('900000000000000001'), `${name}: the "whose" column`);
  }
  t.deepEqual(sorted(rows.filter((r) => r[2] === "the key's server").map((r) => ticked(r[0]!)[0]!)), sorted(GUILD_TOPICS));
  // And the list the stream itself offers when it refuses a name is the documented one.
  let offered = '';
  try {
    resolveTopics(['nope'], '900000000000000001', 50);
  } catch (err) {
    if (isRefusal(err)) offered = err.next ?? '';
  }
  const normal = (name: string): string => name.replace(/<[^>]*>/g, '<>');
  const listed = offered.replace(/^Topics: /, '').replace(/\.$/, '').split(/, (?![^<]*>)/).map(normal);
  t.deepEqual(sorted(listed), sorted(documented.map(normal)));
});

test('the event names in docs/streaming.md are the ones the stream sends, the browser example listens for and the SDK types', async (t) => {
  const documented = sorted(tableAfter(doc, '## Topics').flatMap((r) => ticked(r[1]!)));
  // What the plugin appends: the feed's and betting's events (services/feed-topics.ts) and its own (appendGuildEvent).
  const feed = await read('src/plugins/stream/services/feed-topics.ts');
  const sources = await Promise.all(['discord/services/live-leaderboard.ts', 'competitions/live-events.ts'].map((f) => read(`src/plugins/stream/${f}`)));
  const appended = sorted([
    ...[...feed.matchAll(/_EVENTS = \[([^\]]+)\]/g)].flatMap((m) => [...m[1]!.matchAll(/'([a-z.]+)'/g)].map((x) => x[1]!)),
    ...[...feed.matchAll(/append\(keys, '([a-z.]+)'/g)].map((m) => m[1]!),
    ...sources.flatMap((s) => [...s.matchAll(/appendGuildEvent\(ctx, [^;]*?'([a-z]+\.[a-z]+)'/g)].map((m) => m[1]!)),
  ]);
  t.deepEqual(documented, appended);
  const browser = await read('docs/examples/streaming/browser.js');
  t.deepEqual(sorted([.../const EVENTS = \[([^\]]+)\]/.exec(browser)![1]!.matchAll(/'([a-z.]+)'/g)].map((m) => m[1]!)), appended, 'the browser example names every event (EventSource needs the names)');
  const sdk = await read('packages/sdk/src/stream/events.ts');
  const body = /export interface StreamEventData \{([\s\S]*?)\n\}/.exec(sdk)![1]!;
  t.deepEqual(sorted([...body.matchAll(/^ {2}'([a-z.]+)':/gm)].map((m) => m[1]!)), appended, 'the SDK types every event');
});

test('the close codes and limits in docs/streaming.md are the code’s', (t) => {
  const rows = tableAfter(doc, '### Close codes and reasons');
  // A code in parentheses (1006) is what a client sees when there was no close frame: never sent by the server.
  const codes = rows.filter((r) => !r[0]!.startsWith('(')).map((r) => Number(ticked(r[0]!)[0]));
  t.deepEqual([...codes].sort(), Object.values(CLOSE).sort(), 'every close code of transports/ws.ts, and no other');
  for (const [reason, code] of Object.entries(CLOSE)) {
    const row = rows.find((r) => ticked(r[0]!)[0] === String(code))!;
    if (['shutdown', 'slow', 'gate'].includes(reason)) t.is(ticked(row[1]!)[0], reason, `${code}: the SSE reason`);
  }
  const browser = doc.slice(doc.indexOf('<!-- include: examples/streaming/browser.js -->'));
  t.true(browser.includes(`e.code === ${CLOSE.gate}`), 'the browser example stops on the gate’s close code');

  const o = streamOptions.parse(undefined);
  t.true(doc.includes(`up to **${o.maxTopicsPerClient} topics**`));
  t.true(doc.includes(`every **${o.conflateMs} ms**`));
  t.true(doc.includes(`every ${o.heartbeatMs / 1000} seconds`));
  t.true(doc.includes(`for **${o.historyMs / 60_000} minutes** (its last ${o.maxTopicLength.toLocaleString('en')} at most)`));
  t.true(doc.includes(`${o.maxBufferBytes / 1024 / 1024} MiB`));
  t.true(doc.includes(`**nothing at all for ${(2 * o.heartbeatMs) / 1000} seconds**`));
});
