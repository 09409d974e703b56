import type { components } from './schema.js';

type Problem = components['schemas']['Problem'];

/**
 * A refusal from a deployment, or a stream that stopped for good: `code` is the problem document's code
 * (`API_KEY_INVALID`, `INVALID_TOPIC`, `PluginDisabled`, …) or one of the stream's own (`STREAM_OFF`,
 * `NOT_A_STREAM`). Branch on `code`, not on the message.
 */
export class DbsbmError extends Error {
  override readonly name = 'DbsbmError';
  /** The HTTP status, when the deployment answered one. */
  readonly status: number | undefined;
  readonly code: string;
  /** The RFC 9457 problem document, when the deployment sent one. */
  readonly problem: Problem | undefined;

  constructor(code: string, message: string, options: { status?: number; problem?: Problem; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.problem = options.problem;
  }

  /** The error a non-2xx answer stands for, from its problem document when it has one. */
  static fromProblem(status: number, body: unknown): DbsbmError {
    const problem = isProblem(body) ? body : undefined;
    const code = problem?.code ?? `HTTP_${status}`;
    const detail = problem?.detail ?? problem?.title ?? `the deployment answered ${status}`;
    return new DbsbmError(code, `${code}: ${detail}`, { status, ...(problem ? { problem } : {}) });
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as { status?: unknown }).status === 'number' && typeof (body as { title?: unknown }).title === 'string';
}
