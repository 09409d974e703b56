import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** Where {@link securityHeaders} keeps the response's CSP nonce. */
const NONCE_KEY = 'cspNonce';

/**
 * The Content-Security-Policy nonce of this response: a page that needs an inline `<script>` or `<style>` writes
 * `nonce="${cspNonce(res)}"` on it. A fresh nonce per response means an injected tag cannot guess it, so the policy
 * never has to allow `'unsafe-inline'`.
 * @since 0.1.0
 * @example res.type('html').send(`<script nonce="${cspNonce(res)}">…</script>`);
 */
export function cspNonce(res: Response): string {
  const nonce: unknown = res.locals[NONCE_KEY];
  // Only a route mounted behind securityHeaders() has one; failing loudly beats a page the browser silently blocks.
  if (typeof nonce !== 'string') throw new Error('no CSP nonce on this response: securityHeaders() is not mounted in front of the route');
  return nonce;
}

/**
 * Security headers on every response (pages, JSON, problem documents): a strict Content-Security-Policy (same-origin
 * only, inline code only with the response's nonce, never framed), `X-Content-Type-Options: nosniff`,
 * `X-Frame-Options: DENY` and `Referrer-Policy: no-referrer` — dashboard links carry their token in the query, and a
 * referrer would hand it to any site the page links to.
 */
export function securityHeaders(): RequestHandler[] {
  const setNonce: RequestHandler = (_req, res, next) => {
    res.locals[NONCE_KEY] = randomBytes(16).toString('base64');
    next();
  };
  const nonceSource = (_req: unknown, res: unknown): string => `'nonce-${(res as Response).locals[NONCE_KEY] as string}'`;
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", nonceSource],
        'style-src': ["'self'", nonceSource],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'font-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // No TLS is terminated here (a proxy in front does it), so HSTS belongs to that proxy.
    strictTransportSecurity: false,
  });
  return [setNonce, headers];
}
