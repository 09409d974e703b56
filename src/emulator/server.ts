import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RestError } from './errors.ts';
import { GlobalRateLimit } from './global-rate-limit.ts';
import type { UploadedFile } from './message-payload.ts';
import type { Router } from './router.ts';
import type { EmulatorLogger } from './types.ts';
import type { World } from './world.ts';

/** A 429 armed by Emulator.rateLimitNext. */
interface ArmedRateLimit {
  matcher: string | RegExp | undefined;
  retryAfterSeconds: number;
}

/** One REST call the bot made, recorded for tests and debugging. */
export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  /** Set on a 429 of the global rate limit ({@link HttpFront.enforceGlobalRateLimit}). */
  global?: true;
}

const API_PREFIX = /^\/api(?:\/v\d+)?(?=\/|$)/;

/**
 * The HTTP side: REST under /api[/vN], attachment downloads under /attachments, and WebSocket
 * upgrades handed to the gateway.
 */
export class HttpFront {
  readonly server: Server;
  private readonly rateLimits: ArmedRateLimit[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Routes the bot called that the emulator does not know, as "METHOD /path". */
  readonly unknownRoutes: string[] = [];
  private router: Router | null = null;
  /** Off unless a test enforces it: most tests fire requests faster than Discord would allow. */
  private globalLimit: GlobalRateLimit | null = null;
  /** Hits of limits enforced before the current one, so turning it off or changing it keeps the count. */
  private earlierGlobalHits = 0;

  constructor(
    private readonly world: World,
    private readonly logger: EmulatorLogger,
    onUpgrade: (req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => void,
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.logger.error({ err: error }, 'emulator: request handler crashed');
        if (!res.headersSent) send(res, 500, { message: '500: Internal Server Error', code: 0 });
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      if ((req.url ?? '').startsWith('/gateway')) onUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  setRouter(router: Router): void {
    this.router = router;
  }

  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    return `http://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next request matching `matcher` (all requests when omitted) gets a 429. */
  armRateLimit(matcher: string | RegExp | undefined, retryAfterSeconds: number): void {
    this.rateLimits.push({ matcher, retryAfterSeconds });
  }

  /** Enforces Discord's global limit of `perSecond` requests in any second (null turns it off). */
  enforceGlobalRateLimit(perSecond: number | null): void {
    this.earlierGlobalHits = this.globalRateLimitHits;
    this.globalLimit = perSecond === null ? null : new GlobalRateLimit(perSecond);
  }

  /** Requests answered with a global 429. */
  get globalRateLimitHits(): number {
    return this.earlierGlobalHits + (this.globalLimit?.hits ?? 0);
  }

  private takeRateLimit(method: string, path: string): ArmedRateLimit | undefined {
    const index = this.rateLimits.findIndex(({ matcher }) => {
      if (matcher === undefined) return true;
      if (matcher instanceof RegExp) return matcher.test(`${method} ${path}`);
      // "POST /channels" matches method and path prefix; "/channels/1/messages" any method.
      const spaced = /^([A-Z]+) (.*)$/.exec(matcher);
      if (spaced) return spaced[1] === method && path.includes(spaced[2] as string);
      return path.includes(matcher);
    });
    if (index === -1) return undefined;
    return this.rateLimits.splice(index, 1)[0];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();

    if (method === 'GET' && url.pathname.startsWith('/attachments/')) {
      const [, , , attachmentId] = url.pathname.split('/');
      const attachment = attachmentId ? this.world.attachments.get(attachmentId) : undefined;
      if (!attachment) {
        send(res, 404, { message: '404: Not Found', code: 0 });
        return;
      }
      res.writeHead(200, { 'content-type': attachment.contentType, 'content-length': attachment.size });
      res.end(attachment.data);
      return;
    }

    const prefix = API_PREFIX.exec(url.pathname);
    if (!prefix || !this.router) {
      send(res, 404, { message: '404: Not Found', code: 0 });
      return;
    }
    const path = url.pathname.slice(prefix[0].length) || '/';

    const globalRetryAfter = this.globalLimit?.check(path) ?? null;
    if (globalRetryAfter !== null) {
      this.record(method, path, 429, true);
      await drain(req);
      const text = JSON.stringify({ message: 'You are being rate limited.', retry_after: globalRetryAfter, global: true });
      res.writeHead(429, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        // The header is whole seconds (RFC 9110); the body has the precise wait, as on Discord.
        'retry-after': String(Math.ceil(globalRetryAfter)),
        'x-ratelimit-global': 'true',
        'x-ratelimit-scope': 'global',
      });
      res.end(text);
      return;
    }

    const limited = this.takeRateLimit(method, path);
    if (limited) {
      this.record(method, path, 429);
      await drain(req);
      const resetAfter = limited.retryAfterSeconds;
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(resetAfter),
        'x-ratelimit-limit': '1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Date.now() / 1000 + resetAfter),
        'x-ratelimit-reset-after': String(resetAfter),
        'x-ratelimit-bucket': `emulated-${method}-${path.split('/')[1] ?? ''}`,
        'x-ratelimit-scope': 'user',
      });
      res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: resetAfter, global: false, code: 0 }));
      return;
    }

    const match = this.router.match(method, path);
    if (!match || 'methodNotAllowed' in match) {
      await drain(req);
      const key = `${method} ${path}`;
      this.unknownRoutes.push(key);
      this.record(method, path, match ? 405 : 404);
      this.logger.warn({ method, path }, `emulator: unknown route ${key} (not emulated)`);
      if (match) send(res, 405, { message: '405: Method Not Allowed', code: 0 });
      else send(res, 404, { message: '404: Not Found', code: 0 });
      return;
    }

    try {
      const { body, files } = await readBody(req);
      const result = await match.handler({ method, path, params: match.params, query: url.searchParams, body, files, headers: req.headers });
      this.record(method, path, result.status);
      if (result.status === 204 || result.body === undefined) {
        // No content-type on 204: discord.js would try to parse an empty JSON body otherwise.
        res.writeHead(result.status === 200 ? 204 : result.status);
        res.end();
      } else {
        send(res, result.status, result.body);
      }
    } catch (error) {
      if (error instanceof RestError) {
        this.record(method, path, error.status);
        this.logger.debug({ method, path, status: error.status, code: error.code, errors: error.errors }, `emulator: ${error.message}`);
        send(res, error.status, { message: error.message, code: error.code, ...(error.errors ? { errors: error.errors } : {}) });
        return;
      }
      throw error;
    }
  }

  private record(method: string, path: string, status: number, global = false): void {
    this.requests.push(global ? { method, path, status, global } : { method, path, status });
    if (this.requests.length > 10000) this.requests.shift();
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function drain(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, or multipart/form-data with payload_json + files[n] as discord.js sends uploads. */
async function readBody(req: IncomingMessage): Promise<{ body: unknown; files: UploadedFile[] }> {
  const raw = await drain(req);
  const contentType = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    // The WHATWG Request parser in Node handles multipart, so no hand-written parser is needed.
    const form = await new Request('http://emulator/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
    let body: unknown = undefined;
    const files: UploadedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = parseJson(value);
        continue;
      }
      files.push({
        field,
        filename: value.name,
        contentType: value.type || 'application/octet-stream',
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
    return { body, files };
  }
  return { body: parseJson(raw.toString('utf8')), files: [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RestError(400, 50109, 'The request body contains invalid JSON.');
  }
}
