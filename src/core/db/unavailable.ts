import { Refusal } from '../refusals/refusal.ts';

/**
 * Whether an error means "the database did not answer" (a lock held elsewhere, a cut connection, a full pool)
 * rather than "this request was wrong": the first is worth a calm "try again in a minute", the second a bug report.
 */
const UNAVAILABLE_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_BUSY_SNAPSHOT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CONNECTION_TIMEOUT',
  'ER_GET_CONNECTION_TIMEOUT',
  'ER_SOCKET_UNEXPECTED_CLOSE',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_CMD_CONNECTION_CLOSED',
  'ER_CLOSING_POOL',
]);

const UNAVAILABLE_MESSAGES = [/database is locked/i, /Timeout acquiring a connection/i, /Connection lost/i, /socket has unexpectedly been closed/i, /connection closed/i];

export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, message, name } = current as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (name === 'ConnectionException' || name === 'LockWaitTimeoutException' || name === 'KnexTimeoutError') return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return true;
    current = (current as { cause?: unknown }).cause ?? (current as { previous?: unknown }).previous;
  }
  return false;
}

/**
 * What a member or API caller is told when the database did not answer. It cannot promise that nothing was saved
 * (the commit may have landed before the connection dropped), so it says how to find out.
 */
export function databaseUnavailableRefusal(cause: unknown): Refusal {
  return new Refusal('UNAVAILABLE', 'The database did not answer in time, so this may not have gone through.', {
    title: 'Busy right now',
    next: 'Try again in a minute. If you were changing something, check whether it went through first (a list or show command tells you).',
    extras: { retryAfterSeconds: 30 },
    cause,
  });
}
