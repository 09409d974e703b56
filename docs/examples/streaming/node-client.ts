/**
 * Follows live scores and the server's bets with the SDK, printing each event as one JSON line, and picks up
 * exactly where it left off after a cut, an instance going away, or a restart of this script.
 *
 *   DBSBM_URL=https://bets.example.com DBSBM_API_KEY=dbsbm_… node --import tsx node-client.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createDbsbmClient, createStreamClient, DbsbmError, isStreamEvent, type StreamTopic } from 'dbsbm-sdk';

const baseUrl = process.env.DBSBM_URL ?? 'http://127.0.0.1:3000';
const apiKey = process.env.DBSBM_API_KEY ?? '';
const topics = (process.env.DBSBM_TOPICS ?? 'scores,bets').split(',') as StreamTopic[];
// Where the last id processed is kept between runs.
const lastIdFile = process.env.DBSBM_LAST_ID_FILE ?? '.dbsbm-last-id';

const print = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);
const api = createDbsbmClient({ baseUrl, apiKey });
const savedId = (await readFile(lastIdFile, 'utf8').catch(() => '')).trim();

const stream = createStreamClient({
  baseUrl,
  apiKey,
  topics,
  lastId: savedId || undefined,
  onOpen: ({ id, resumed }) => print({ kind: 'open', id, resumed }),
  onDisconnect: ({ reason, retryInMs }) => print({ kind: 'disconnect', reason, retryInMs }),
  // What these topics missed is no longer kept: read their current state over REST instead.
  onResync: async ({ topics: stale, id }) => {
    if (stale.some((t) => t.startsWith('scores'))) {
      const { data } = await api.GET('/api/v1/betting/games', { params: { query: { limit: 100 } } });
      print({ kind: 'resync', topics: stale, id, games: data?.data.length ?? 0 });
    }
    if (stale.includes('bets')) {
      const { data } = await api.GET('/api/v1/betting/bets', { params: { query: { limit: 100 } } });
      print({ kind: 'resync', topics: stale, id, bets: data?.data.length ?? 0 });
    }
  },
});
process.once('SIGINT', () => stream.close());
process.once('SIGTERM', () => stream.close());

try {
  for await (const event of stream) {
    if (isStreamEvent(event, 'game.score')) print({ kind: 'event', id: event.id, topic: event.topic, event: event.event, score: `${event.data.home}-${event.data.away}`, gameId: event.data.gameId });
    else print({ kind: 'event', id: event.id, topic: event.topic, event: event.event, data: event.data });
    await writeFile(lastIdFile, event.id);
  }
} catch (err) {
  // Retrying cannot fix these: the key was refused, or live streaming is off for the server (STREAM_OFF).
  if (!(err instanceof DbsbmError)) throw err;
  print({ kind: 'stopped', code: err.code, message: err.message });
  process.exitCode = 1;
}
