/**
 * A local push service (RFC 8030) for tests: HTTPS on 127.0.0.1 with a CA made for this run, real subscription key
 * pairs, VAPID checked (RFC 8292) and payloads decrypted (RFC 8291) as a browser vendor's service would.
 */
import { createECDH, createPublicKey, randomBytes, randomUUID, verify, type ECDH } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// http_ece ships with web-push and has no types; this is the one call used (see node_modules/http_ece/ece.js).
const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(body: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: Buffer }): Buffer;
};

export interface PushReceived {
  endpointId: string;
  headers: IncomingHttpHeaders;
  /** The decrypted body, parsed as JSON. */
  payload: unknown;
  ttl: number;
  urgency: string | undefined;
  topic: string | undefined;
  vapid: { sub: string; aud: string; exp: number };
}

/** Every answer the service gave, accepted or not (`reason` says why it refused). */
export interface PushAnswer {
  endpointId: string;
  status: number;
  reason?: string;
}

interface Sub {
  ecdh: ECDH;
  auth: Buffer;
  status?: number;
  headers?: Record<string, string>;
  /** RFC 8292 §3.2 restricted subscription: only this VAPID key may push. */
  serverKey?: string;
}

const run = promisify(execFile);

/** A CA and a server certificate for IP 127.0.0.1 signed by it, made with the openssl CLI in a throwaway folder. */
async function makeCertificates(): Promise<{ ca: string; key: string; cert: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'push-ca-'));
  const p = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    await run('openssl', ['req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '1', '-subj', '/CN=push test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    await run('openssl', ['req', ...ec, '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=127.0.0.1']);
    await writeFile(p('ext.cnf'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    await run('openssl', ['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial',
      '-out', p('server.crt'), '-days', '1', '-extfile', p('ext.cnf')]);
    const [ca, key, cert] = await Promise.all(['ca.crt', 'server.key', 'server.crt'].map((f) => readFile(p(f), 'utf8')));
    return { ca, key, cert };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

class Refusal extends Error {
  constructor(readonly status: number, reason: string) {
    super(reason);
  }
}

const json = (b64url: string): Record<string, unknown> => JSON.parse(Buffer.from(b64url, 'base64url').toString('utf8')) as Record<string, unknown>;

/** RFC 8292 §2–3: `Authorization: vapid t=<ES256 JWT>, k=<P-256 public key>`, the token signed by that key. */
function checkVapid(authorization: string | undefined, origin: string, sub: Sub): { key: string; claims: PushReceived['vapid'] } {
  const params = /^vapid\s+(.+)$/i.exec(authorization ?? '')?.[1];
  if (!params) throw new Refusal(401, 'no vapid Authorization');
  const fields = new Map(params.split(',').map((part) => {
    const at = part.indexOf('=');
    return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
  }));
  const token = fields.get('t');
  const key = fields.get('k');
  if (!token || !key) throw new Refusal(401, 'vapid t or k missing');
  const raw = Buffer.from(key, 'base64url');
  if (raw.length !== 65 || raw[0] !== 4) throw new Refusal(401, 'k is not an uncompressed P-256 point');
  const parts = token.split('.');
  if (parts.length !== 3) throw new Refusal(401, 'token is not a JWS');
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = json(parts[0]);
    claims = json(parts[1]);
  } catch {
    throw new Refusal(401, 'token parts are not JSON');
  }
  if (header.alg !== 'ES256') throw new Refusal(401, `alg ${String(header.alg)} is not ES256`);
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const signed = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2], 'base64url'));
  if (!signed) throw new Refusal(401, 'token signature does not verify with k');
  const { aud, exp, sub: subject } = claims;
  const now = Math.floor(Date.now() / 1000);
  if (aud !== origin) throw new Refusal(401, `aud ${String(aud)} is not ${origin}`);
  if (typeof exp !== 'number' || exp <= now || exp > now + 86_400) throw new Refusal(401, `exp ${String(exp)} is not within the next 24 h`);
  if (typeof subject !== 'string' || !/^(mailto:|https:)/.test(subject)) throw new Refusal(401, 'sub is not a mailto: or https: URL');
  if (sub.serverKey && sub.serverKey !== key) throw new Refusal(403, 'k is not the key this subscription is restricted to');
  return { key, claims: { aud, exp, sub: subject } };
}

/** Starts the service; `close()` it at the end of the test. */
export async function startPushService() {
  const { ca, key, cert } = await makeCertificates();
  const subs = new Map<string, Sub>();
  const received: PushReceived[] = [];
  const answers: PushAnswer[] = [];
  const waiters: (() => void)[] = [];
  let origin = '';

  function accept(endpointId: string, headers: IncomingHttpHeaders, body: Buffer): { status: number; headers?: Record<string, string> } {
    const sub = subs.get(endpointId);
    if (!sub) throw new Refusal(404, 'no such subscription');
    const { claims } = checkVapid(headers.authorization, origin, sub);
    if (sub.status) return { status: sub.status, headers: sub.headers };
    const ttl = Number(headers.ttl);
    if (headers.ttl === undefined || !Number.isInteger(ttl) || ttl < 0) throw new Refusal(400, 'TTL header missing or invalid');
    const topic = headers.topic as string | undefined;
    if (topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) throw new Refusal(400, 'Topic is not ≤ 32 base64url characters');
    if (body.length > 4096) throw new Refusal(413, 'payload over 4096 bytes');
    if (headers['content-encoding'] !== 'aes128gcm') throw new Refusal(415, 'content-encoding is not aes128gcm');
    let payload: unknown;
    try {
      payload = JSON.parse(ece.decrypt(body, { version: 'aes128gcm', privateKey: sub.ecdh, authSecret: sub.auth }).toString('utf8'));
    } catch (error) {
      throw new Refusal(400, `payload does not decrypt to JSON: ${(error as Error).message}`);
    }
    const urgency = headers.urgency as string | undefined;
    received.push({ endpointId, headers, payload, ttl, urgency, topic, vapid: claims });
    for (const wake of waiters.splice(0)) wake();
    return { status: 201, headers: { location: `${origin}/message/${randomUUID()}` } };
  }

  const server = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const endpointId = /^\/push\/([^/?]+)$/.exec(req.url ?? '')?.[1] ?? '';
      let answer: { status: number; headers?: Record<string, string> };
      let reason: string | undefined;
      try {
        if (req.method !== 'POST') throw new Refusal(405, 'only POST');
        answer = accept(endpointId, req.headers, Buffer.concat(chunks));
      } catch (error) {
        // A bug here answers 500 with its message rather than crashing the test process.
        answer = { status: error instanceof Refusal ? error.status : 500 };
        reason = (error as Error).message;
      }
      answers.push({ endpointId, status: answer.status, ...(reason ? { reason } : {}) });
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(reason ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    ca,
    origin,
    received,
    answers,
    /**
     * A new browser subscription with its own P-256 key pair and 16-byte auth secret. `status` (and `headers`) make
     * the service refuse pushes to it after VAPID passes; `applicationServerKey` restricts it to one VAPID key.
     */
    subscription(opts: { status?: number; headers?: Record<string, string>; applicationServerKey?: string } = {}) {
      const id = randomUUID();
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      subs.set(id, { ecdh, auth, status: opts.status, headers: opts.headers, serverKey: opts.applicationServerKey });
      return { endpoint: `${origin}/push/${id}`, p256dh: ecdh.getPublicKey('base64url', 'uncompressed'), auth: auth.toString('base64url') };
    },
    /** Makes the service answer `status` (0 to accept again) for an endpoint id (the last path segment). */
    setStatus(endpointId: string, status: number, headers?: Record<string, string>) {
      const sub = subs.get(endpointId);
      if (!sub) throw new Error(`no subscription ${endpointId}`);
      Object.assign(sub, { status: status || undefined, headers });
    },
    /** Resolves once `n` pushes were accepted in all. */
    async waitFor(n: number, ms = 10_000): Promise<PushReceived[]> {
      const end = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > end) throw new Error(`push service: ${received.length} of ${n} pushes arrived`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100).unref();
        });
      }
      return received.slice(0, n);
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The running service's handle. */
export type PushService = Awaited<ReturnType<typeof startPushService>>;
