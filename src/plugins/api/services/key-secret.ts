import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Prefix that makes a leaked key recognisable (secret scanners, logs). */
export const KEY_PREFIX = 'dbsbm_';
const KEY_LENGTH = 32;

/** A new secret: `dbsbm_` and 32 base62 characters (about 190 random bits). */
export function newKeySecret(): string {
  // 248 is the largest multiple of 62 below 256: rejecting higher bytes keeps every character equally likely.
  let out = '';
  while (out.length < KEY_LENGTH) {
    for (const byte of randomBytes(KEY_LENGTH * 2)) {
      if (byte < 248 && out.length < KEY_LENGTH) out += ALPHABET[byte % 62];
    }
  }
  return KEY_PREFIX + out;
}

/**
 * What is stored and looked up: SHA-256 of the key. A slow password hash is not needed, because the key is 190
 * random bits, not something a person chose; a fast one keeps every request's lookup cheap.
 */
export function hashKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Whether a bearer token is shaped like one of our keys (anything else is refused without a lookup). */
export function looksLikeKey(token: string): boolean {
  return token.length === KEY_PREFIX.length + KEY_LENGTH && token.startsWith(KEY_PREFIX) && /^[0-9A-Za-z]+$/.test(token.slice(KEY_PREFIX.length));
}
