import { escapeHtml as escape } from './html-escape.ts';

/** A small page answering a link (confirmed, unsubscribed, not valid), optionally with one POST button. */
export function resultPage(title: string, message: string, nonce: string, form?: { action: string; button: string }): string {
  const button = form ? `<form method="post" action="${escape(form.action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escape(form.button)}</button></form>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style nonce="${escape(nonce)}">body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#111}button{font:inherit;padding:.5rem 1rem}</style></head>
<body><h1>${escape(title)}</h1><p>${escape(message)}</p>${button}</body></html>`;
}
