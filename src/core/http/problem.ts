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

/** A problem document ready to send: status, body and the headers that go with it. */
export interface ProblemAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

function answer(status: number, title: string, instance: string, detail?: string, extras: Record<string, unknown> = {}, headers: Record<string, string> = {}): ProblemAnswer {
  return { status, body: { type: 'about:blank', title, status, ...(detail ? { detail } : {}), instance, ...extras }, headers };
}

/**
 * What anything thrown by a route becomes. A {@link Refusal} becomes the same answer a member gets in Discord (its
 * code, title, message and next step); unexpected errors are logged with a support reference that the caller also
 * gets, never with their details. Shared by HTTP routes and calls run in process (batch, GraphQL).
 */
export function problemFor(logger: Logger, refusals: RefusalCatalogue, thrown: unknown, where: { instance: string; plugin?: string; path: string }): ProblemAnswer {
  const { instance, plugin, path } = where;
  const unavailable = isDatabaseUnavailable(thrown);
  if (unavailable) logger.warn({ err: thrown, plugin, path }, 'the database did not answer');
  const retry: Record<string, string> = unavailable ? { 'retry-after': '30' } : {};
  const err = unavailable ? databaseUnavailableRefusal(thrown) : thrown;
  if (isRefusal(err)) {
    const spec = refusals.spec(err.code);
    return answer(err.status ?? spec.status ?? 400, err.title ?? spec.title, instance, err.message, { code: err.code, ...(err.next ? { next: err.next } : {}), ...err.extras }, retry);
  }
  if (err instanceof HttpProblem) return answer(err.status, err.title, instance, err.detail, err.extras);
  if (err instanceof ZodError) {
    const errors = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return answer(400, 'Bad Request', instance, errors.map((e) => `${e.path || '(body)'}: ${e.message}`).join('; '), { code: 'INVALID_INPUT', errors });
  }
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // body-parser's errors (malformed JSON, too large) carry a status and a safe message.
    return answer(status, reasonPhrase(status), instance, (err as Error).message);
  }
  const supportId = newSupportId();
  logger.error({ err, plugin, supportId, path }, plugin ? `route of plugin "${plugin}" failed` : 'request failed');
  return answer(500, 'Internal Server Error', instance, `Something went wrong on our side. It was logged; try again later, or quote the reference ${supportId}.`, { supportId });
}

/** Turns anything thrown by a route into a problem document (see {@link problemFor}). */
export function problemHandler(logger: Logger, refusals: RefusalCatalogue): ErrorRequestHandler {
  return (thrown: unknown, req, res, _next) => {
    if (res.headersSent) return;
    const plugin = (req as { dbsbmPlugin?: string }).dbsbmPlugin;
    const problem = problemFor(logger, refusals, thrown, { instance: pathOnly(req.originalUrl), path: req.path, ...(plugin ? { plugin } : {}) });
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    res.status(problem.status).type('application/problem+json').json(problem.body);
  };
}
