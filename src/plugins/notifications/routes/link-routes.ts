import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { cspNonce } from 'dbsbm';
import { z } from 'zod';
import { CHANNELS, NOTIFICATION_TYPES, type ChannelName, type NotificationType } from '../channels/types.ts';
import { pushPageHtml, serviceWorkerJs } from '../pages/push-page.ts';
import { resultPage } from '../pages/result-page.ts';
import { channelsOf } from '../services/channel-registry.ts';
import { confirmContact } from '../services/contacts.ts';
import type { NotificationsContext } from '../services/context.ts';
import { verifyLink, type LinkAction, type LinkClaims } from '../services/links.ts';
import { toggleChannel, updatePrefs } from '../services/preferences.ts';
import { recordInteraction } from '../services/tracking.ts';
import { TYPE_LABEL } from '../views/notification-embed.ts';

// The smallest transparent GIF: what an open pixel answers.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const subscriptionSchema = z.object({
  endpoint: z.url({ protocol: /^https$/ }).max(2048),
  keys: z.object({ p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}$/), auth: z.string().regex(/^[A-Za-z0-9_-]{16,32}$/) }),
});

/**
 * The plugin's pages and beacons under `/n`: tracked clicks and opens, one-click unsubscribe (RFC 8058), address
 * confirmation, and the browser-push page. No login: every URL carries a signed token naming the one member,
 * notification and action it is good for.
 */
export function linkRoutes(router: Router, ctx: NotificationsContext): void {
  const claimsOf = (req: Request, action: LinkAction): LinkClaims | null => {
    const secret = channelsOf(ctx).secret;
    const claims = secret === null ? null : verifyLink(secret, String(req.params.token ?? ''));
    return claims?.a === action ? claims : null;
  };
  const invalid = (res: Response): void => void res.status(404).type('html').send(resultPage('Link not valid', 'This link is broken or has expired. Ask the bot for a new one in Discord.', cspNonce(res)));

  router.get('/n/click/:token', async (req, res) => {
    const claims = claimsOf(req, 'click');
    if (!claims?.x) return invalid(res);
    await recordInteraction(ctx, claims, 'clicked').catch((err: unknown) => ctx.logger.warn({ err }, 'could not record a click'));
    res.redirect(302, claims.x);
  });

  router.get('/n/open/:token', async (req, res) => {
    const claims = claimsOf(req, 'open');
    if (claims) await recordInteraction(ctx, claims, 'opened').catch((err: unknown) => ctx.logger.warn({ err }, 'could not record an open'));
    res.set('Cache-Control', 'no-store').type('gif').send(PIXEL);
  });

  router.post('/n/push-click/:token', async (req, res) => {
    const claims = claimsOf(req, 'push-click');
    if (claims) await recordInteraction(ctx, claims, 'clicked').catch((err: unknown) => ctx.logger.warn({ err }, 'could not record a push click'));
    res.status(204).end();
  });

  // GET shows a button (mail scanners follow links: a GET must not unsubscribe); POST is the one-click of RFC 8058.
  router.get('/n/unsubscribe/:token', (req, res) => {
    const claims = claimsOf(req, 'unsubscribe');
    if (!claims) return invalid(res);
    const nonce = cspNonce(res);
    res.type('html').send(resultPage('Unsubscribe', `Stop ${label(claims)} by ${channelLabel(claims)}?`, nonce, { action: req.originalUrl, button: 'Unsubscribe' }));
  });
  router.post('/n/unsubscribe/:token', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    const claims = claimsOf(req, 'unsubscribe');
    if (!claims?.u || !isType(claims.t) || !isChannel(claims.c)) return invalid(res);
    const [type, channel, userId] = [claims.t, claims.c, claims.u];
    await updatePrefs(ctx, userId, (p) => toggleChannel(p, type, channel, false));
    ctx.logger.info({ userId, type, channel }, 'unsubscribed by link');
    res.type('html').send(resultPage('Unsubscribed', `You will get no more ${label(claims)} by ${channelLabel(claims)}. Change it back any time with /notifications set in Discord.`, cspNonce(res)));
  });

  router.get('/n/confirm/:token', async (req, res) => {
    const claims = claimsOf(req, 'confirm');
    if (!claims?.u || !claims.x) return invalid(res);
    try {
      const address = await confirmContact(ctx, claims.u, 'email', claims.x);
      res.type('html').send(resultPage('Address confirmed', `${address} will get the notifications you choose with /notifications set.`, cspNonce(res)));
    } catch {
      invalid(res);
    }
  });

  router.get('/n/sw.js', (_req, res) => {
    res.set({ 'Service-Worker-Allowed': '/n/', 'Cache-Control': 'no-cache' }).type('application/javascript').send(serviceWorkerJs());
  });

  router.get('/n/push-page/:token', async (req, res) => {
    const claims = claimsOf(req, 'push-page');
    const push = channelsOf(ctx).push;
    if (!claims || !push) return invalid(res);
    if (!(await ctx.gate(claims.g)).ok) return void res.status(403).type('html').send(resultPage('Not available', 'Notifications are off in that server.', cspNonce(res)));
    res.type('html').send(pushPageHtml({ publicKey: push.publicKey, subscribeUrl: `/n/push-subscribe/${String(req.params.token)}`, nonce: cspNonce(res) }));
  });

  router.post('/n/push-subscribe/:token', express.json({ limit: '4kb' }), async (req, res) => {
    const claims = claimsOf(req, 'push-page');
    if (!claims?.u) return void res.status(404).json({ title: 'Link not valid', detail: 'Ask for a new link with /notifications push.' });
    const body = subscriptionSchema.safeParse(req.body);
    if (!body.success) return void res.status(400).json({ title: 'Not a push subscription', detail: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    const hash = createHash('sha256').update(body.data.endpoint).digest('hex');
    await ctx.data.transaction(async (em) => {
      await ctx.data.run('delete from notification_push_subscriptions where endpoint_hash = ?', [hash], em);
      await ctx.data.run('insert into notification_push_subscriptions (user_id, endpoint, endpoint_hash, p256dh, auth, created_at) values (?, ?, ?, ?, ?, ?)', [claims.u, body.data.endpoint, hash, body.data.keys.p256dh, body.data.keys.auth, Date.now()], em);
    });
    res.status(201).json({ subscribed: true });
  });
}

const isType = (t: string): t is NotificationType => (NOTIFICATION_TYPES as readonly string[]).includes(t);
const isChannel = (c: string): c is ChannelName => (CHANNELS as readonly string[]).includes(c);
const label = (c: LinkClaims): string => (isType(c.t) ? TYPE_LABEL[c.t].toLowerCase() : 'these notifications');
const channelLabel = (c: LinkClaims): string => (c.c === 'email' ? 'e-mail' : c.c === 'push' ? 'browser push' : c.c);
