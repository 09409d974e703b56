import type { NotificationType, OutgoingNotification, TrackingLinks } from './types.ts';
import { escapeHtml } from '../pages/html-escape.ts';

/** A rendered email: the subject (one line, ≤ 200 characters) and its HTML and plain-text alternatives. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The line above the title that says what kind of notification this is. */
const INTRO: Record<NotificationType, string> = {
  bet_result: 'Your bet was settled',
  odds_alert: 'Prices moved',
  game_starting: 'Kick-off soon',
  achievement: 'You unlocked an achievement',
  responsible_play: 'A note about your play',
  system: 'A message from the bot',
  schedule_failure: 'A scheduled task failed',
  custom: 'A message from your server',
};

const SUBJECT_MAX = 200;
const DEFAULT_PRODUCT = 'DBSBM';


/**
 * Makes a string safe as a mail header value: CR/LF (and other control characters) would let a title start a new
 * header (`Bcc:`) or the body, so they become spaces; runs of whitespace collapse; the result is cut to `max`.
 */
export function headerSafe(value: string, max = SUBJECT_MAX): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const line = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** The `<p>` paragraphs of a plain-text body: blank lines split paragraphs, single newlines become `<br>`. */
function paragraphs(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p style="margin:0 0 12px">${escapeHtml(p.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
}

function button(href: string, label: string): string {
  return (
    `<p style="margin:20px 0"><a href="${escapeHtml(href)}" style="display:inline-block;padding:10px 20px;` +
    `background:#5865f2;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold">${escapeHtml(label)}</a></p>`
  );
}

/** The outer document every email shares; `inner` is already-escaped HTML. */
function layout(productName: string, inner: string, footer: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(productName)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2328">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:6px">
<tr><td style="padding:24px;font-size:15px;line-height:1.5">
${inner}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:12px;color:#6b7280">${footer}</td></tr>
</table>
</td></tr></table>
</body>
</html>
`;
}

function fieldsTable(fields: OutgoingNotification['fields']): string {
  if (fields.length === 0) return '';
  const rows = fields
    .map(
      (f) =>
        `<tr><th align="left" style="padding:4px 12px 4px 0;vertical-align:top">${escapeHtml(f.name)}</th>` +
        `<td style="padding:4px 0">${escapeHtml(f.value).replace(/\r?\n/g, '<br>')}</td></tr>`,
    )
    .join('\n');
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 12px;font-size:14px">\n${rows}\n</table>`;
}

/**
 * Renders one notification as an email: a per-type intro line, the title, the body, the fields as a table, an
 * "Open" button through the click tracker when the notification has a url, the open pixel and a one-click
 * unsubscribe footer. Every user-supplied string is HTML-escaped; the subject is the title on one line.
 */
export function renderEmail(n: OutgoingNotification, links: TrackingLinks, options: { productName?: string } = {}): RenderedEmail {
  const product = options.productName ?? DEFAULT_PRODUCT;
  const intro = INTRO[n.type];
  const subject = headerSafe(n.title) || headerSafe(`${product}: ${intro}`);
  const openHref = n.url === null ? null : links.click(n.url);

  const inner = [
    `<p style="margin:0 0 8px;font-size:13px;color:#6b7280;text-transform:uppercase;letter-spacing:.04em">${escapeHtml(intro)}</p>`,
    `<h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(n.title)}</h1>`,
    paragraphs(n.body),
    fieldsTable(n.fields),
    openHref === null ? '' : button(openHref, 'Open'),
    `<img src="${escapeHtml(links.openPixel)}" width="1" height="1" alt="" style="display:block;border:0">`,
  ]
    .filter((part) => part !== '')
    .join('\n');
  const footer =
    `You receive this because you turned on email notifications in ${escapeHtml(product)}. ` +
    `<a href="${escapeHtml(links.unsubscribe)}" style="color:#6b7280">Unsubscribe from these emails</a>`;

  const text = [
    intro,
    '',
    n.title,
    '',
    n.body.trim(),
    ...(n.fields.length > 0 ? ['', ...n.fields.map((f) => `${f.name}: ${f.value}`)] : []),
    ...(openHref === null ? [] : ['', `Open: ${openHref}`]),
    '',
    '--',
    `Unsubscribe from these emails: ${links.unsubscribe}`,
    '',
  ].join('\n');

  return { subject, html: layout(product, inner, footer), text };
}

/**
 * Renders the email that confirms an address before any notification goes to it: the code to type in and a
 * button to the confirm page. No tracking and no unsubscribe link: it is sent once, because the member asked.
 */
export function renderVerificationEmail(args: { code: string; confirmUrl: string; guildName?: string; productName?: string }): RenderedEmail {
  const product = args.productName ?? DEFAULT_PRODUCT;
  const where = args.guildName === undefined ? product : args.guildName;
  const subject = headerSafe(`Confirm your email address for ${where}`);
  const inner = [
    `<h1 style="margin:0 0 16px;font-size:20px">Confirm your email address</h1>`,
    `<p style="margin:0 0 12px">Someone asked to receive ${escapeHtml(where)} notifications at this address. ` +
      `To confirm, enter this code:</p>`,
    `<p style="margin:0 0 12px;font-size:24px;font-weight:bold;letter-spacing:.2em;font-family:monospace">${escapeHtml(args.code)}</p>`,
    `<p style="margin:0 0 12px">or open the confirmation page:</p>`,
    button(args.confirmUrl, 'Confirm address'),
  ].join('\n');
  const footer = `If you did not ask for this, ignore this email: nothing will be sent to you.`;
  const text = [
    'Confirm your email address',
    '',
    `Someone asked to receive ${where} notifications at this address. To confirm, enter this code:`,
    '',
    `    ${args.code}`,
    '',
    `or open: ${args.confirmUrl}`,
    '',
    '--',
    'If you did not ask for this, ignore this email: nothing will be sent to you.',
    '',
  ].join('\n');
  return { subject, html: layout(product, inner, footer), text };
}
