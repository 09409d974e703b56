import { randomBytes } from 'node:crypto';

/** A short reference shown to a person beside an error of ours and written in the log line about it. */
export function newSupportId(): string {
  return randomBytes(4).toString('hex');
}
