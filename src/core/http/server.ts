import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/registry.ts';
import { requestLogSerializers } from '../log/request-serializers.ts';
import { securityHeaders } from './security-headers.ts';
import { refuseControlCharacters } from './control-characters.ts';
import { routePattern } from '../api/http.ts';

/** Creates the Express app with request logs and the request-duration histogram. */
export function createHttpApp(logger: Logger, metrics: Metrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // The serializers mask secrets a URL carries (a dashboard link's token, a password) before a line is written.
  app.use(pinoHttp({ logger, serializers: requestLogSerializers, autoLogging: { ignore: (req) => req.url === '/livez' || req.url === '/metrics' } }));
  app.use(timing(metrics));
  // Before any route and the body parser, so every answer (pages, JSON, problem documents, 413s) carries them.
  app.use(securityHeaders());
  app.use(express.json({ limit: '1mb' }));
  // After the body parser, so bodies are checked too: no route ever meets a NUL or another control character.
  app.use(refuseControlCharacters());
  return app;
}

function timing(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      // The route pattern, not the URL, keeps the label set small.
      const route = routePattern(req, res);
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

/** Starts listening; resolves with the server and its actual port. */
export function listen(app: Express, port: number, host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer(app);
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}

/** Stops accepting connections and waits for in-flight requests (idle keep-alive sockets are closed at once). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive sockets turn idle as their last response ends; close them as they do, and force the rest late.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
