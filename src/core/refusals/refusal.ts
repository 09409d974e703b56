/**
 * Where a refusal is rendered: its title and HTTP status, per code. The core's codes are in
 * {@link CORE_REFUSAL_CODES}; a plugin adds its own with `refusals` in its definition.
 * @since 0.2.0
 */
export interface RefusalSpec {
  /** The headline a member sees ("Stake out of range"); also the problem's `title` over HTTP. */
  title: string;
  /** The HTTP status of the problem document. @default 400 */
  status?: number;
  /** What the code means, for docs/refusals.md and for plugin authors. */
  description: string;
}

/** What a {@link Refusal} may carry beside its code and message. */
export interface RefusalOptions {
  /** What the member can do about it, when the message does not already say so. */
  next?: string;
  /** Overrides the catalogue's title for this one refusal. */
  title?: string;
  /** Overrides the catalogue's HTTP status for this one refusal. */
  status?: number;
  /** Extra members of the HTTP problem document (never shown in Discord). */
  extras?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one way to say no: bad input, a limit, a permission, something that does not exist. Throw it (or return it
 * through your own code and throw at the edge) from any command, interaction handler or route: the core answers
 * with a private embed in Discord and an RFC 9457 problem over HTTP, both built from the same fields, and logs
 * nothing at error level. Nothing may have been changed when one is thrown.
 *
 * `code` is one of the catalogue's (docs/refusals.md): the core's {@link CORE_REFUSAL_CODES} or a code the plugin
 * declares under `refusals`.
 * @example
 * throw new Refusal('LIMIT_REACHED', 'You have 10 open bets, the most this server allows.', { next: 'Wait for one to settle.' });
 * @since 0.2.0
 */
export class Refusal extends Error {
  readonly code: string;
  readonly next?: string;
  readonly title?: string;
  readonly status?: number;
  readonly extras: Record<string, unknown>;

  constructor(code: string, message: string, options: RefusalOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Refusal';
    this.code = code;
    this.next = options.next;
    this.title = options.title;
    this.status = options.status;
    this.extras = options.extras ?? {};
  }
}

/** Whether a value is a {@link Refusal} (also one made by another copy of the package). */
export function isRefusal(value: unknown): value is Refusal {
  return value instanceof Refusal || (value instanceof Error && value.name === 'Refusal' && typeof (value as { code?: unknown }).code === 'string');
}
