import test from 'ava';
import { cspNonce } from '../../../src/core/http/security-headers.ts';
import { definePlugin } from '../../../src/core/plugins/define.ts';
import { bootApp, baseUrl } from '../../helpers/app.ts';

const page = definePlugin({
  name: 'page',
  version: '1.0.0',
  rootRoutes(router) {
    router.get('/page', (_req, res) => {
      res.type('html').send(`<!doctype html><script nonce="${cspNonce(res)}">document.title='ok'</script>`);
    });
  },
  routes(router) {
    router.post('/echo', (req, res) => {
      res.json(req.body);
    });
  },
});

/** The CSP directives as a map of name → sources. */
function directives(csp: string | null): Map<string, string[]> {
  return new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]));
}

test('every answer carries CSP, nosniff, frame and referrer headers: JSON, pages, 404 and 413 problem documents', async (t) => {
  const app = await bootApp(t, [{ plugin: page }]);
  const answers = await Promise.all([
    fetch(`${baseUrl(app)}/livez`),
    fetch(`${baseUrl(app)}/page`),
    fetch(`${baseUrl(app)}/nowhere`),
    fetch(`${baseUrl(app)}/api/v1/page/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 'x'.repeat(2_000_000) }) }),
  ]);
  t.deepEqual(answers.map((r) => r.status), [200, 200, 404, 413]);
  for (const res of answers) {
    const csp = directives(res.headers.get('content-security-policy'));
    t.deepEqual(csp.get('frame-ancestors'), ["'none'"], res.url);
    t.deepEqual(csp.get('default-src'), ["'self'"]);
    t.deepEqual(csp.get('object-src'), ["'none'"]);
    t.false(csp.get('script-src')!.includes("'unsafe-inline'"), 'inline scripts only with the nonce');
    t.false(csp.get('style-src')!.includes("'unsafe-inline'"));
    t.is(res.headers.get('x-content-type-options'), 'nosniff');
    t.is(res.headers.get('x-frame-options'), 'DENY');
    t.is(res.headers.get('referrer-policy'), 'no-referrer');
  }
});

test("a page's inline script carries the response's nonce, fresh on every response", async (t) => {
  const app = await bootApp(t, [{ plugin: page }]);
  const nonces = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${baseUrl(app)}/page`);
    const fromHeader = directives(res.headers.get('content-security-policy')).get('script-src')!.find((s) => s.startsWith("'nonce-"));
    const fromPage = /nonce="([^"]+)"/.exec(await res.text())![1];
    t.is(fromHeader, `'nonce-${fromPage}'`);
    nonces.add(fromPage!);
  }
  t.is(nonces.size, 3);
});
