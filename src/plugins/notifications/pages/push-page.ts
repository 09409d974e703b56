import { escapeHtml } from './html-escape.ts';
/**
 * The page where a member turns on browser push, and the service worker that shows the pushes. Both are
 * self-contained strings: the page's only script is inline with the response's CSP nonce, the worker is one file.
 */

/** Where the worker is served, and the scope it controls (the page must be under it for `ready` to settle). */
export const SERVICE_WORKER_URL = '/n/sw.js';
export const SERVICE_WORKER_SCOPE = '/n/';


/**
 * JSON for an inline script: `<` escaped so a value cannot close the script element, and U+2028/2029 escaped for
 * engines that predate JSON-superset.
 */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const CSS = `body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#222}
button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:0;background:#3b5bdb;color:#fff;cursor:pointer}
button:disabled{background:#999;cursor:default}.ok{color:#2b8a3e}.err{color:#c92a2a}`;

/** The page's script; `cfg` is the JSON it is given. Plain ES2017 so it runs in every browser that has push. */
const PAGE_SCRIPT = `
const button = document.getElementById('enable');
const status = document.getElementById('status');
function say(text, ok) { status.textContent = text; status.className = ok ? 'ok' : 'err'; }
function keyBytes(b64url) {
  const b64 = b64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - b64url.length % 4) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
const DENIED = 'Permission denied: allow notifications for this site in the browser settings, then try again.';
// pushManager.subscribe needs an active worker; a first registration is still installing.
function activated(reg) {
  const worker = reg.installing || reg.waiting;
  if (reg.active || !worker) return Promise.resolve(reg);
  return new Promise((resolve) => worker.addEventListener('statechange', () => { if (worker.state === 'activated') resolve(reg); }));
}
async function turnOn() {
  button.disabled = true;
  say('Turning on notifications…', true);
  try {
    const reg = await activated(await navigator.serviceWorker.register(cfg.worker, { scope: cfg.scope }));
    if (await Notification.requestPermission() !== 'granted') { say(DENIED, false); return; }
    const sub = (await reg.pushManager.getSubscription())
      || await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(cfg.publicKey) });
    const res = await fetch(cfg.subscribeUrl, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub.toJSON()),
    });
    if (!res.ok) { say('The server could not save this browser (HTTP ' + res.status + '). Please try again later.', false); return; }
    say('Notifications are on for this browser.', true);
  } catch (e) {
    say(e && e.name === 'NotAllowedError' ? DENIED : 'Could not turn on notifications: ' + (e && e.message || e), false);
  } finally {
    button.disabled = false;
  }
}
if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
  button.disabled = true;
  say('This browser does not support push notifications.', false);
} else if (Notification.permission === 'denied') {
  say(DENIED, false);
}
button.addEventListener('click', turnOn);
`;

/**
 * The "Turn on notifications" page.
 * @param args.publicKey - The VAPID public key (base64url) the subscription is bound to.
 * @param args.subscribeUrl - Where the subscription JSON is POSTed (same origin: the core's CSP allows only 'self').
 * @param args.nonce - This response's CSP nonce (`cspNonce(res)`).
 * @param args.title - The heading; escaped, so member- or guild-chosen text is safe.
 */
export function pushPageHtml(args: { publicKey: string; subscribeUrl: string; nonce: string; title?: string }): string {
  const title = escapeHtml(args.title ?? 'Notifications');
  const nonce = escapeHtml(args.nonce);
  const cfg = scriptJson({ publicKey: args.publicKey, subscribeUrl: args.subscribeUrl, worker: SERVICE_WORKER_URL, scope: SERVICE_WORKER_SCOPE });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style nonce="${nonce}">${CSS}</style>
</head>
<body>
<h1>${title}</h1>
<p>Get bet results, odds alerts and reminders from this server as browser notifications, even when Discord is closed.</p>
<p><button id="enable" type="button">Turn on notifications</button></p>
<p id="status" role="status" aria-live="polite"></p>
<script nonce="${nonce}">
const cfg = ${cfg};
${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * The service worker (serve as `application/javascript` at {@link SERVICE_WORKER_URL}). `push` shows the payload
 * from the push channel; `notificationclick` records the click and opens the notification's link.
 */
export function serviceWorkerJs(): string {
  return `'use strict';
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('push', (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = { body: event.data.text() }; }
  const title = typeof data.title === 'string' && data.title ? data.title : 'Notification';
  const options = { body: typeof data.body === 'string' ? data.body : '', data: { url: data.url || null, click: data.click || null } };
  if (typeof data.tag === 'string' && data.tag) options.tag = data.tag;
  event.waitUntil(self.registration.showNotification(title, options));
});
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  const work = [];
  // keepalive lets the record finish after the window opens; it is not awaited first because opening a window is
  // only allowed shortly after the click.
  if (data.click) work.push(fetch(data.click, { method: 'POST', keepalive: true }).catch(() => undefined));
  if (data.url) work.push(self.clients.openWindow(data.url));
  event.waitUntil(Promise.all(work));
});
`;
}
