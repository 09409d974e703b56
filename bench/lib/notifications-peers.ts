/**
 * The far ends of `bench/notifications.ts` — the Discord emulator and an SMTP sink (`parse: false`) — in a process
 * of their own (forked), so neither runs on the event loop of the side being measured: on Discord and at a mail
 * provider they would be other machines. Talks to the bench over IPC:
 * - `start`: the emulator (the demo server, and `users` as Discord users, not yet members) enforcing a global limit
 *   of `globalPerSecond`, and the sink → `ready`;
 * - `members`: makes every user a member of the demo server. Done after the bot has logged in, so its client does
 *   not know them, as on Discord, whose GUILD_CREATE of a large server (or one without the presence intent) lists no
 *   members → `members-added`;
 * - `mark`: counting starts again from here → `marked`;
 * - `wait`: until `dms` messages and `mails` mails arrived since the mark (or `timeoutMs`) → `figures`;
 * - `stop`.
 *
 * The emulator keeps only its last 10,000 requests, without times; so this process also listens on the emulator's
 * HTTP server and notes the arrival time, route and status of every REST request.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { DEMO, seedDemoWorld } from '../../src/core/local/demo-world.ts';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { startSmtpSink, type SmtpSink } from '../../test/helpers/smtp-sink.ts';
import { now } from './notifications-data.ts';

export type PeersStart = { kind: 'start'; users: string[]; globalPerSecond: number };

export type PeersControl = { kind: 'members' } | { kind: 'mark' } | { kind: 'wait'; dms: number; mails: number; timeoutMs: number } | { kind: 'stop' };

/** What reached the emulator and the sink since the last mark. Times are epoch ms (this machine's clock). */
export interface PeerFigures {
  requests: {
    /** REST requests the global limit let through. */
    admitted: number;
    /** Of those: GET /users/{id} (discord.js fetching a user it does not know). */
    getUser: number;
    /** POST /users/@me/channels (opening a DM channel). */
    openDm: number;
    /** POST /channels/{id}/messages. */
    message: number;
    other: number;
    /** Answered 429 by the global limit (the emulator's own count). */
    global429: number;
    /** Answered with another error status (≥ 400, not a global 429). */
    errors: number;
    firstAt: number | null;
    lastAt: number | null;
    /** The most requests let through in any sliding second (what the emulator's limit compares with its limit). */
    peakPerSecond: number;
  };
  /** Messages the emulator accepted (POST …/messages answered 200). */
  dms: { count: number; firstAt: number | null; lastAt: number | null };
  mails: { count: number; distinctRecipients: number; firstAt: number | null; lastAt: number | null };
}

export type PeersMessage =
  | { kind: 'ready'; apiUrl: string; token: string; smtpUrl: string; smtpPort: number }
  | { kind: 'members-added'; count: number }
  | { kind: 'marked' }
  | { kind: 'figures'; complete: boolean; figures: PeerFigures }
  | { kind: 'failed'; message: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let emulator: Emulator | null = null;
let sink: SmtpSink | null = null;
let users: string[] = [];

// Since the mark.
let admittedAt: number[] = [];
let counts = { getUser: 0, openDm: 0, message: 0, other: 0, errors: 0 };
let hitsAtMark = 0;
let dmTimes: number[] = [];
let mailTimes: number[] = [];
let mailsSeen = 0;
let headsAtMark = 0;

function onRequest(req: IncomingMessage, res: ServerResponse): void {
  const at = now();
  const method = req.method ?? 'GET';
  const path = (req.url ?? '').replace(/^\/api(?:\/v\d+)?/, '');
  if (!path.startsWith('/')) return;
  res.once('finish', () => {
    const status = res.statusCode;
    // Nothing else arms a 429 here: every one is the global limit's (counted by the emulator itself, see figures()).
    if (status === 429) return;
    admittedAt.push(at);
    if (method === 'GET' && /^\/users\/\d+$/.test(path)) counts.getUser++;
    else if (method === 'POST' && path === '/users/@me/channels') counts.openDm++;
    else if (method === 'POST' && /^\/channels\/\d+\/messages$/.test(path)) {
      counts.message++;
      if (status === 200) dmTimes.push(now());
    } else counts.other++;
    if (status >= 400) counts.errors++;
  });
}

/** The sink notes no times: the arrivals are read off its list every few milliseconds. */
function watchMails(): NodeJS.Timeout {
  return setInterval(() => {
    const received = sink?.heads.length ?? 0;
    if (received <= mailsSeen) return;
    const at = now();
    for (let i = mailsSeen; i < received; i++) mailTimes.push(at);
    mailsSeen = received;
  }, 2);
}

function mark(): void {
  admittedAt = [];
  counts = { getUser: 0, openDm: 0, message: 0, other: 0, errors: 0 };
  hitsAtMark = emulator?.globalRateLimitHits ?? 0;
  dmTimes = [];
  mailTimes = [];
  mailsSeen = sink?.heads.length ?? 0;
  headsAtMark = mailsSeen;
}

/** The most entries of sorted `times` within any window of `windowMs`. */
function peak(times: readonly number[], windowMs: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

function figures(): PeerFigures {
  const sorted = [...admittedAt].sort((a, b) => a - b);
  const heads = sink?.heads.slice(headsAtMark) ?? [];
  return {
    requests: { admitted: sorted.length, ...counts, global429: (emulator?.globalRateLimitHits ?? 0) - hitsAtMark, firstAt: sorted[0] ?? null, lastAt: sorted.at(-1) ?? null, peakPerSecond: peak(sorted, 1000) },
    dms: { count: dmTimes.length, firstAt: dmTimes[0] ?? null, lastAt: dmTimes.at(-1) ?? null },
    mails: { count: mailTimes.length, distinctRecipients: new Set(heads.map((h) => h.rcpt[0])).size, firstAt: mailTimes[0] ?? null, lastAt: mailTimes.at(-1) ?? null },
  };
}

async function start(msg: PeersStart): Promise<PeersMessage> {
  emulator = await startEmulator({ botUser: { id: DEMO.botId, username: 'DBSBM' } });
  seedDemoWorld(emulator);
  users = msg.users;
  for (const [i, id] of users.entries()) emulator.createUser({ id, username: `member-${i}` });
  emulator.enforceGlobalRateLimit(msg.globalPerSecond);
  // Reaching past the emulator's API for its HTTP server: a second listener notes each request as it arrives.
  const server = (emulator as unknown as { http?: { server?: Server } }).http?.server;
  if (!server) throw new Error('the emulator no longer keeps its HTTP server at .http.server: update bench/lib/notifications-peers.ts');
  server.on('request', onRequest);
  sink = await startSmtpSink({ parse: false });
  watchMails();
  mark();
  return { kind: 'ready', apiUrl: emulator.apiUrl, token: emulator.token, smtpUrl: sink.url, smtpPort: sink.port };
}

async function wait(msg: Extract<PeersControl, { kind: 'wait' }>): Promise<PeersMessage> {
  const end = Date.now() + msg.timeoutMs;
  while (dmTimes.length < msg.dms || mailTimes.length < msg.mails) {
    if (Date.now() > end) return { kind: 'figures', complete: false, figures: figures() };
    await sleep(10);
  }
  // Requests still on their way (a late retry) are counted too.
  await sleep(50);
  return { kind: 'figures', complete: true, figures: figures() };
}

const send = (message: PeersMessage): Promise<void> => new Promise((resolve) => process.send!(message, () => resolve()));
const fail = (err: unknown): Promise<void> => send({ kind: 'failed', message: (err as Error).stack ?? String(err) });

process.on('message', (msg: PeersStart | PeersControl) => {
  switch (msg.kind) {
    case 'start':
      start(msg).then(send, async (err: unknown) => {
        await fail(err);
        process.exit(1);
      });
      return;
    case 'members':
      try {
        for (const id of users) emulator!.addMember(DEMO.guildId, id);
        void send({ kind: 'members-added', count: users.length });
      } catch (err) {
        void fail(err);
      }
      return;
    case 'mark':
      mark();
      void send({ kind: 'marked' });
      return;
    case 'wait':
      wait(msg).then(send, fail);
      return;
    case 'stop':
      void Promise.all([emulator?.close(), sink?.close()]).finally(() => process.exit(0));
      return;
  }
});
// The bench gone (killed at its time limit): nothing left to serve.
process.on('disconnect', () => process.exit(0));
