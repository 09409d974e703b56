import test, { type ExecutionContext } from 'ava';
import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import {
  SafeHttpError,
  safePost,
  validateWebhookUrl,
} from '../../../../src/plugins/webhooks/services/safe-http.ts';

// ---------------------------------------------------------------------------------------------------------------
// Simulated DNS: safe-http resolves through the `node:dns` module object, so names ending in `.test` can be made to
// resolve to any address (here: loopback) without touching /etc/hosts or the network. Other names resolve for real.
// ---------------------------------------------------------------------------------------------------------------
const fakeDns = new Map<string, dns.LookupAddress[]>([
  ['rebind.test', [{ address: '127.0.0.1', family: 4 }]],
  // A public address first and a private one later: Node could fall back to the second, so both must be checked.
  ['mixed.test', [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }]],
]);
const lookupCalls: string[] = [];
const realLookup = dns.lookup;
type AllCallback = (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void;
function fakeLookup(hostname: string, options: dns.LookupAllOptions, callback: AllCallback): void {
  lookupCalls.push(hostname);
  const answer = fakeDns.get(hostname);
  if (answer) process.nextTick(callback, null, answer);
  else realLookup(hostname, options, callback);
}

test.before(() => {
  dns.lookup = fakeLookup as unknown as typeof dns.lookup;
});
test.after.always(() => {
  dns.lookup = realLookup;
});

// ---------------------------------------------------------------------------------------------------------------
// Local servers on 127.0.0.1, port 0.
// ---------------------------------------------------------------------------------------------------------------
interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function serve(
  t: ExecutionContext,
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ port: number; hits: Received[] }> {
  const hits: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      handler(req, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as AddressInfo).port, hits };
}

const okHandler = (_req: http.IncomingMessage, res: http.ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'text/plain', 'x-receiver': 'yes' });
  res.end('thanks');
};

const init = { body: '{"event":"ping"}', headers: { 'content-type': 'application/json' } };

async function rejection(t: ExecutionContext, promise: Promise<unknown>): Promise<SafeHttpError> {
  const err = await t.throwsAsync(promise, { instanceOf: SafeHttpError });
  if (!(err instanceof SafeHttpError)) throw new Error('unreachable');
  return err;
}

test('loopback IP is refused without an allow-list, and nothing is sent', async (t) => {
  const { port, hits } = await serve(t, okHandler);
  const err = await rejection(t, safePost(`http://127.0.0.1:${port}/hook`, { ...init, allowHttp: true }));
  t.is(err.code, 'FORBIDDEN_ADDRESS');
  t.regex(err.message, /127\.0\.0\.1/);
  t.is(hits.length, 0);
});

test('loopback IP is allowed with allowedHosts and allowHttp, and the request arrives intact', async (t) => {
  const { port, hits } = await serve(t, okHandler);
  const res = await safePost(`http://127.0.0.1:${port}/hook?x=1`, {
    body: '{"event":"ping","ü":"✓"}',
    headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'Content-Length': '1' },
    allowedHosts: ['127.0.0.1'],
    allowHttp: true,
  });
  t.is(res.status, 200);
  t.is(res.bodyExcerpt, 'thanks');
  t.false(res.truncated);
  t.is(res.headers['x-receiver'], 'yes');
  t.true(res.latencyMs >= 0);
  t.is(hits.length, 1);
  t.is(hits[0].method, 'POST');
  t.is(hits[0].url, '/hook?x=1');
  t.is(hits[0].body, '{"event":"ping","ü":"✓"}');
  t.is(hits[0].headers['webhook-id'], 'msg_1');
  // The caller's wrong content-length is replaced by the real byte length.
  t.is(hits[0].headers['content-length'], String(Buffer.byteLength('{"event":"ping","ü":"✓"}')));
});

test('an allow-listed host may use http even without allowHttp', async (t) => {
  const { port } = await serve(t, okHandler);
  const res = await safePost(`http://127.0.0.1:${port}/`, { ...init, allowedHosts: [' 127.0.0.1 '] });
  t.is(res.status, 200);
});

test('a 302 redirect to loopback is returned as 302, not followed', async (t) => {
  const target = await serve(t, okHandler);
  const { port, hits } = await serve(t, (_req, res) => {
    res.writeHead(302, { location: `http://127.0.0.1:${target.port}/internal` });
    res.end();
  });
  const res = await safePost(`http://127.0.0.1:${port}/`, { ...init, allowedHosts: ['127.0.0.1'] });
  t.is(res.status, 302);
  t.is(res.headers.location, `http://127.0.0.1:${target.port}/internal`);
  t.is(hits.length, 1);
  t.is(target.hits.length, 0);
});

test('a 10 MB body is cut at the cap: the status is returned with a truncated excerpt, nothing is buffered', async (t) => {
  // Decision: an oversized body is NOT an error. The delivery code only needs the status, so the response is
  // returned with `truncated: true` and an excerpt of at most 1 KiB.
  const TEN_MB = 10 * 1024 * 1024;
  let written = 0;
  let serverClosed!: () => void;
  const closed = new Promise<void>((resolve) => (serverClosed = resolve));
  const { port } = await serve(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    // One chunk per timer tick (and waiting for 'drain'), so the amount written when the client hangs up does not
    // depend on how much the kernel's socket buffers can absorb on this machine.
    const pump = (): void => {
      if (res.destroyed) return;
      if (written >= TEN_MB) {
        res.end();
        return;
      }
      written += chunk.length;
      const next = (): void => void setTimeout(pump, 5);
      if (res.write(chunk)) next();
      else res.once('drain', next);
    };
    res.on('close', serverClosed);
    pump();
  });
  const res = await safePost(`http://127.0.0.1:${port}/`, {
    ...init,
    allowedHosts: ['127.0.0.1'],
    maxResponseBytes: 64 * 1024,
  });
  t.is(res.status, 200);
  t.true(res.truncated);
  t.is(res.bodyExcerpt, 'a'.repeat(1024));
  await closed;
  // The client hung up long before the server could push all 10 MB (only kernel socket buffers sit in between).
  t.log(`server wrote ${written} bytes`);
  t.true(written < TEN_MB / 2, `server wrote ${written} bytes`);
});

test('a body within the cap is read to the end, and the excerpt keeps whole UTF-8 characters', async (t) => {
  const { port } = await serve(t, (_req, res) => {
    res.writeHead(500);
    res.end('é'.repeat(3000)); // 6000 bytes; 1024-byte cut falls on a character boundary only by luck, so test it
  });
  const res = await safePost(`http://127.0.0.1:${port}/`, { ...init, allowedHosts: ['127.0.0.1'] });
  t.is(res.status, 500);
  t.false(res.truncated);
  t.is(res.bodyExcerpt, 'é'.repeat(512));
  t.false(res.bodyExcerpt.includes('\uFFFD'));
});

test('a server that never answers times out with TIMEOUT', async (t) => {
  const { port } = await serve(t, () => {
    /* never respond */
  });
  const started = Date.now();
  const err = await rejection(t, safePost(`http://127.0.0.1:${port}/`, { ...init, allowedHosts: ['127.0.0.1'], timeoutMs: 200 }));
  t.is(err.code, 'TIMEOUT');
  t.regex(err.message, /200 ms/);
  t.true(Date.now() - started < 2000);
});

test('headers received but a body that never ends: the status is returned, truncated, at the time limit', async (t) => {
  const { port } = await serve(t, (_req, res) => {
    res.writeHead(202);
    res.write('partial');
  });
  // The limit must leave time for the headers to arrive on a loaded machine (200 ms did not in a busy CI run).
  const res = await safePost(`http://127.0.0.1:${port}/`, { ...init, allowedHosts: ['127.0.0.1'], timeoutMs: 1500 });
  t.is(res.status, 202);
  t.true(res.truncated);
  t.is(res.bodyExcerpt, 'partial');
});

test('oversized response headers fail with TOO_LARGE', async (t) => {
  const { port } = await serve(t, (_req, res) => {
    res.writeHead(200, { 'x-huge': 'h'.repeat(64 * 1024) });
    res.end();
  });
  const err = await rejection(t, safePost(`http://127.0.0.1:${port}/`, { ...init, allowedHosts: ['127.0.0.1'] }));
  t.is(err.code, 'TOO_LARGE');
});

test('a closed port fails with NETWORK', async (t) => {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  const err = await rejection(t, safePost(`http://127.0.0.1:${port}/`, { ...init, allowedHosts: ['127.0.0.1'] }));
  t.is(err.code, 'NETWORK');
  t.regex(err.message, /ECONNREFUSED/);
});

test('localhost is refused unless allow-listed', async (t) => {
  const { port, hits } = await serve(t, okHandler);
  const err = await rejection(t, safePost(`http://localhost:${port}/`, { ...init, allowHttp: true }));
  t.is(err.code, 'FORBIDDEN_ADDRESS');
  t.is(hits.length, 0);
  const res = await safePost(`http://localhost:${port}/`, { ...init, allowedHosts: ['localhost'] });
  t.is(res.status, 200);
  t.is(hits.length, 1);
});

test('a host name resolving to loopback is refused at connect time (DNS rebinding) unless allow-listed', async (t) => {
  const { port, hits } = await serve(t, okHandler);
  const url = `http://rebind.test:${port}/`;
  // Validation at the edge cannot know what the name will resolve to, so it passes…
  t.true(validateWebhookUrl(url, { allowHttp: true }).ok);
  // …and the connection is refused on the address DNS returned.
  const before = lookupCalls.length;
  const err = await rejection(t, safePost(url, { ...init, allowHttp: true }));
  t.is(err.code, 'FORBIDDEN_ADDRESS');
  t.regex(err.message, /rebind\.test resolves to 127\.0\.0\.1/);
  t.true(lookupCalls.slice(before).includes('rebind.test'));
  t.is(hits.length, 0);

  // Allow-listing the host name lets it through (and it really connects to the resolved address).
  t.is((await safePost(url, { ...init, allowedHosts: ['rebind.test'] })).status, 200);
  // Allow-listing the IP it resolves to works too (http still needs allowHttp because the *host* is not listed).
  t.is((await safePost(url, { ...init, allowHttp: true, allowedHosts: ['127.0.0.1'] })).status, 200);
  t.is(hits.length, 2);
});

test('a private address anywhere in the DNS answer is refused', async (t) => {
  const err = await rejection(t, safePost('https://mixed.test/hook', init));
  t.is(err.code, 'FORBIDDEN_ADDRESS');
  t.regex(err.message, /10\.0\.0\.7/);
});

test('credentials in the URL are refused', async (t) => {
  const err = await rejection(t, safePost('https://user:pass@example.com/hook', init));
  t.is(err.code, 'BAD_URL');
  t.regex(err.message, /username and password/);
  t.is((await rejection(t, safePost('https://token@example.com/hook', init))).code, 'BAD_URL');
});

test('non-https schemes are refused', async (t) => {
  const ftp = await rejection(t, safePost('ftp://example.com/hook', { ...init, allowHttp: true }));
  t.is(ftp.code, 'BAD_URL');
  t.regex(ftp.message, /https:\/\/.*ftp/);
  const plain = await rejection(t, safePost('http://example.com/hook', init));
  t.is(plain.code, 'BAD_URL');
  t.regex(plain.message, /https/);
  t.is((await rejection(t, safePost('file:///etc/passwd', init))).code, 'BAD_URL');
});

// ---------------------------------------------------------------------------------------------------------------
// validateWebhookUrl
// ---------------------------------------------------------------------------------------------------------------
function message(url: string, opts: { allowedHosts?: string[]; allowHttp?: boolean } = {}): string {
  const result = validateWebhookUrl(url, opts);
  return result.ok ? 'OK' : result.message;
}

test('validateWebhookUrl accepts ordinary https URLs', (t) => {
  const result = validateWebhookUrl('  https://hooks.example.com:8443/dbsbm?token=abc  ', {});
  t.true(result.ok);
  if (result.ok) t.is(result.url.hostname, 'hooks.example.com');
  t.is(message('https://8.8.8.8/hook'), 'OK');
  t.is(message('https://[2606:4700:4700::1111]/hook'), 'OK');
  t.is(message('http://hooks.example.com/', { allowHttp: true }), 'OK');
});

test('validateWebhookUrl explains what is wrong and what to do', (t) => {
  t.regex(message('not a url'), /not a valid URL.*https:\/\//);
  t.regex(message('hooks.example.com/x'), /not a valid URL/);
  t.regex(message('http://hooks.example.com/'), /must use https:\/\/.*Change http:\/\/ to https:\/\//);
  t.regex(message('ftp://hooks.example.com/'), /https:\/\/.*uses ftp/);
  t.regex(message('javascript:alert(1)'), /https:\/\//);
  t.regex(message('https://a:b@hooks.example.com/'), /Remove the username and password/);
  t.regex(message(`https://example.com/${'a'.repeat(2048)}`), /at most 2048/);
  t.is(message(`https://example.com/${'a'.repeat(2048 - 'https://example.com/'.length)}`), 'OK');
  t.regex(message('https://localhost/'), /bot's own machine.*WEBHOOK_ALLOWED_HOSTS/);
});

test('validateWebhookUrl refuses literal forbidden IPs in every spelling the URL parser accepts', (t) => {
  for (const url of [
    'https://127.0.0.1/',
    'https://127.1/',
    'https://2130706433/',
    'https://0x7f.0.0.1/',
    'https://0177.0.0.1/',
    'https://0.0.0.0/',
    'https://10.1.2.3/',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.1/',
    'https://[::1]/',
    'https://[::]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:a9fe:a9fe]/',
    'https://[fe80::1]/',
    'https://[fd00::1]/',
    'https://localhost/',
    'https://LOCALHOST./',
    'https://api.localhost/',
  ]) {
    t.regex(message(url), /may not call/, url);
  }
});

test('validateWebhookUrl lets allow-listed private hosts through (exact match only)', (t) => {
  t.is(message('http://10.0.0.5:3000/hook', { allowedHosts: ['10.0.0.5'] }), 'OK');
  t.is(message('http://[::1]:3000/hook', { allowedHosts: ['::1'] }), 'OK');
  t.is(message('http://[::1]:3000/hook', { allowedHosts: ['[::1]'] }), 'OK');
  t.is(message('http://localhost:3000/', { allowedHosts: ['LocalHost'] }), 'OK');
  t.regex(message('http://10.0.0.6:3000/hook', { allowedHosts: ['10.0.0.5'] }), /https/);
  t.regex(message('https://10.0.0.6/hook', { allowedHosts: ['10.0.0.5'] }), /may not call/);
  t.regex(message('https://api.localhost/', { allowedHosts: ['localhost'] }), /may not call/);
});
