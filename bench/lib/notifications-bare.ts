/**
 * The baselines of `bench/notifications.ts`: the same mails and DMs sent by bare library loops, with no database, no
 * jobs and no preferences — what the libraries alone reach against the same sink and emulator.
 */
import { connect, type Socket } from 'node:net';
import { REST, Routes } from 'discord.js';
import nodemailer from 'nodemailer';
import { renderEmail } from '../../src/plugins/notifications/channels/email-templates.ts';
import { notificationEmbed } from '../../src/plugins/notifications/views/notification-embed.ts';
import { trackingLinks } from '../../src/plugins/notifications/services/links.ts';
import { LINK_SECRET, MAIL_FROM, memberEmail, memberId, now, outgoing, PUBLIC_URL } from './notifications-data.ts';
import { pool } from './stats.ts';

export interface LoopResult {
  startedAt: number;
  errors: number;
  errorSamples: string[];
}

/**
 * Opens the socket with Nagle's algorithm off, as the plugin's e-mail channel does (channels/email.ts): with it on,
 * each message of a connection waits out the peer's delayed ACK (about 40 ms).
 */
function noDelaySocket(options: { host?: string; port?: number }, callback: (err: Error | null, socket?: { connection: Socket }) => void): void {
  const socket = connect({ host: options.host ?? '127.0.0.1', port: options.port ?? 25 });
  socket.setNoDelay(true);
  socket.once('error', (err) => callback(err));
  socket.once('connect', () => callback(null, { connection: socket }));
}

/**
 * `count` bet-result mails (rendered beforehand, with signed links like the plugin's) through one nodemailer pooled
 * transport of `maxConnections`, `inFlight` sendMail calls at a time. `tuned`: the socket and pool settings the
 * plugin uses (no Nagle, connections kept for any number of messages); otherwise nodemailer's defaults (Nagle on, a
 * new connection every 100 messages).
 */
export async function bareMailLoop(port: number, count: number, first: number, opts: { maxConnections: number; inFlight: number; tuned: boolean }): Promise<LoopResult> {
  const mails = Array.from({ length: count }, (_, k) => {
    const i = first + k;
    const n = outgoing(i, 1_000_000 + i);
    const links = trackingLinks(PUBLIC_URL, LINK_SECRET, n, 'email');
    const { subject, html, text } = renderEmail(n, links);
    return {
      from: MAIL_FROM,
      to: memberEmail(i),
      subject,
      html,
      text,
      messageId: `<n${n.id}.email@dbsbm.local>`,
      headers: { 'List-Unsubscribe': `<${links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-DBSBM-Notification': String(n.id) },
    };
  });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: opts.maxConnections,
    ...(opts.tuned ? { maxMessages: Infinity, getSocket: noDelaySocket } : {}),
  });
  try {
    const startedAt = now();
    const run = await pool(count, opts.inFlight, async (k) => {
      await transport.sendMail(mails[k]!);
    });
    return { startedAt, errors: run.errors, errorSamples: run.errorSamples };
  } finally {
    transport.close();
  }
}

/**
 * `count` bet-result DMs through a bare discord.js `REST` whose global limit is `perSecond` (the scaled Discord
 * limit): open the DM channel, post the embed, `inFlight` DMs at a time. discord.js waits and retries on a 429.
 */
export async function bareDmLoop(apiUrl: string, token: string, count: number, first: number, opts: { perSecond: number; inFlight: number }): Promise<LoopResult> {
  const bodies = Array.from({ length: count }, (_, k) => ({ embeds: [notificationEmbed(outgoing(first + k, 1_000_000 + first + k), null)] }));
  const rest = new REST({ api: apiUrl, globalRequestsPerSecond: opts.perSecond }).setToken(token);
  const startedAt = now();
  const run = await pool(count, opts.inFlight, async (k) => {
    const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: memberId(first + k) } })) as { id: string };
    await rest.post(Routes.channelMessages(channel.id), { body: bodies[k] });
  });
  return { startedAt, errors: run.errors, errorSamples: run.errorSamples };
}
