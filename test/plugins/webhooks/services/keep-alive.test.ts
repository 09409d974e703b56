import test, { type ExecutionContext } from 'ava';
import dns from 'node:dns';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKeepAliveAgents, type KeepAliveAgents } from '../../../../src/plugins/webhooks/services/keep-alive.ts';
import { SafeHttpError, safePost } from '../../../../src/plugins/webhooks/services/safe-http.ts';

// Simulated DNS (safe-http resolves through the `node:dns` module object): names ending in `.test` answer what the
// test says, and every lookup is counted, so a test sees when a new connection was opened.
const answers = new Map<string, string>();
const lookups: string[] = [];
const realLookup = dns.lookup;
type AllCallback = (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void;
function fakeLookup(hostname: string, options: dns.LookupAllOptions, callback: AllCallback): void {
  lookups.push(hostname);
  const address = answers.get(hostname);
  if (address) process.nextTick(callback, null, [{ address, family: 4 }]);
  else realLookup(hostname, options, callback);
}
test.before(() => {
  dns.lookup = fakeLookup as unknown as typeof dns.lookup;
});
test.after.always(() => {
  dns.lookup = realLookup;
});

/** A receiver on 127.0.0.1 that notes each request's client port (one port per connection). */
async function serve(t: ExecutionContext): Promise<{ port: number; ports: number[]; server: http.Server }> {
  const ports: number[] = [];
  const server = http.createServer((req, res) => {
    ports.push(req.socket.remotePort!);
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as AddressInfo).port, ports, server };
}

function agentsFor(t: ExecutionContext): KeepAliveAgents {
  const agents = createKeepAliveAgents();
  t.teardown(() => agents.destroy());
  return agents;
}

const init = { body: '{"type":"ping"}', headers: { 'content-type': 'application/json' } };

test.serial('deliveries reuse one connection; after the DNS answer changes to a private address, the next new connection is refused', async (t) => {
  const { port, ports, server } = await serve(t);
  const agents = agentsFor(t);
  answers.set('flip.test', '127.0.0.1');
  const url = `http://flip.test:${port}/hook`;
  const opts = { ...init, allowHttp: true, allowedHosts: ['127.0.0.1'], agents };
  const before = lookups.length;
  t.is((await safePost(url, opts)).status, 200);
  t.is((await safePost(url, opts)).status, 200);
  t.is((await safePost(url, opts)).status, 200);
  t.is(new Set(ports).size, 1, 'one connection for three deliveries');
  t.is(lookups.length - before, 1, 'resolved once, when the connection opened');

  // The name now points at a private address, and the open connection goes away (the receiver closed it).
  answers.set('flip.test', '10.0.0.9');
  server.closeIdleConnections();
  await new Promise((r) => setTimeout(r, 50));
  const err = await t.throwsAsync(safePost(url, opts), { instanceOf: SafeHttpError });
  t.is((err as SafeHttpError).code, 'FORBIDDEN_ADDRESS');
  t.regex(err!.message, /flip\.test resolves to 10\.0\.0\.9/);
  t.is(lookups.length - before, 2, 'the new connection resolved the name again');
  t.is(ports.length, 3, 'nothing more reached the receiver');
});

test.serial('a pooled connection opened under one server’s allow-list is not used for a server without it', async (t) => {
  const { port, ports } = await serve(t);
  const agents = agentsFor(t);
  answers.set('pooled.test', '127.0.0.1');
  const url = `http://pooled.test:${port}/hook`;
  t.is((await safePost(url, { ...init, allowHttp: true, allowedHosts: ['127.0.0.1'], agents })).status, 200);
  // Another server's delivery to the same host, with no allow-list: loopback is refused, pooled connection or not.
  const err = await t.throwsAsync(safePost(url, { ...init, allowHttp: true, allowedHosts: [], agents }), { instanceOf: SafeHttpError });
  t.is((err as SafeHttpError).code, 'FORBIDDEN_ADDRESS');
  t.is(ports.length, 1, 'the receiver saw only the allowed delivery');
});

test.serial('the agents refuse a forbidden address on their own, whoever sends through them', async (t) => {
  const { port, ports } = await serve(t);
  const agents = agentsFor(t);
  answers.set('direct.test', '127.0.0.1');
  const request = (url: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent: agents.http }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end('{}');
    });
  const byName = await t.throwsAsync(request(`http://direct.test:${port}/`), { instanceOf: SafeHttpError });
  t.is((byName as SafeHttpError).code, 'FORBIDDEN_ADDRESS');
  const byAddress = await t.throwsAsync(request(`http://127.0.0.1:${port}/`), { instanceOf: SafeHttpError });
  t.is((byAddress as SafeHttpError).code, 'FORBIDDEN_ADDRESS', 'a literal address is checked once connected');
  t.is(ports.length, 0);
});

test.serial('a pooled connection the receiver closed is replaced transparently', async (t) => {
  const { port, ports, server } = await serve(t);
  const agents = agentsFor(t);
  const url = `http://127.0.0.1:${port}/hook`;
  const opts = { ...init, allowedHosts: ['127.0.0.1'], agents };
  t.is((await safePost(url, opts)).status, 200);
  // Closed by the receiver while idle, without the client noticing first: the next POST meets a dead socket at worst.
  server.closeIdleConnections();
  t.is((await safePost(url, opts)).status, 200);
  t.is(ports.length, 2);
});
