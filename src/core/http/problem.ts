import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { databaseUnavailableRefusal, isDatabaseUnavailable } from '../db/unavailable.ts';
import { newSupportId } from '../log/support-id.ts';
import { pathOnly } from '../log/redact-url.ts';
import type { RefusalCatalogue } from '../refusals/codes.ts';
import { isRefusal } from '../refusals/refusal.ts';

/**
 * An HTTP error answered as RFC 9457 `application/problem+json`. Throw it from a route; `detail` tells the caller
 * what was wrong and what to do.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extras: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(detail ?? title, options);
    this.name = 'HttpProblem';
  }
}

/**
 * The standard reason phrase of a status, as a problem's `title`. RFC 9110 renamed 413 "Content Too Large"; Node's
 * table still says "Payload Too Large", so the newer names win here.
 */
export function reasonPhrase(status: number): string {
  return RFC_9110_PHRASES[status] ?? STATUS_CODES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request');
}

const RFC_9110_PHRASES: Readonly<Partial<Record<number, string>>> = { 413: 'Content Too Large', 422: 'Unprocessable Content' };

export function sendProblem(res: Response, status: number, title: string, detail?: string, extras: Record<string, unknown> = {}): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), instance: pathOnly(res.req.originalUrl), ...extras });
}

/** Answers unknown paths with a problem document. */
export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, 404, 'Not Found', `Nothing is served at ${req.method} ${req.path}. Every route is listed in docs/http.md.`);
};

/**
 * Turns anything thrown by a route into a problem document. A {@link Refusal} becomes the same answer a member gets
 * in Discord (its code, title, message and next step); unexpected errors are logged with a support reference that
 * the caller also gets, never with their details.
 */
export function problemHandler(logger: Logger, refusals: RefusalCatalogue): ErrorRequestHandler {
  return (thrown: unknown, req, res, _next) => {
    if (res.headersSent) return;
    const unavailable = isDatabaseUnavailable(thrown);
    if (unavailable) {
      logger.warn({ err: thrown, plugin: (req as { dbsbmPlugin?: string }).dbsbmPlugin, path: req.path }, 'the database did not answer');
      res.setHeader('Retry-After', '30');
    }
    const err = unavailable ? databaseUnavailableRefusal(thrown) : thrown;
    if (isRefusal(err)) {
      const spec = refusals.spec(err.code);
      return sendProblem(res, err.status ?? spec.status ?? 400, err.title ?? spec.title, err.message, {
        code: err.code,
        ...(err.next ? { next: err.next } : {}),
        ...err.extras,
      });
    }
    if (err instanceof HttpProblem) return sendProblem(res, err.status, err.title, err.detail, err.extras);
    if (err instanceof ZodError) {
      const errors = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return sendProblem(res, 400, 'Bad Request', errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '), { code: 'INVALID_INPUT', errors });
    }
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // body-parser's errors (malformed JSON, too large) carry a status and a safe message.
      return sendProblem(res, status, reasonPhrase(status), (err as Error).message);
    }
    const plugin = (req as { dbsbmPlugin?: string }).dbsbmPlugin;
    const supportId = newSupportId();
    logger.error({ err, plugin, supportId, path: req.path }, plugin ? `route of plugin "${plugin}" failed` : 'request failed');
    sendProblem(res, 500, 'Internal Server Error', `Something went wrong on our side. It was logged; try again later, or quote the reference ${supportId}.`, { supportId });
  };
}
