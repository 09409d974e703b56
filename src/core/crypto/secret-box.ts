/**
 * Encryption at rest for secrets plugins keep in the database (webhook signing secrets, the notifications plugin's
 * VAPID key): a database dump alone must not let anyone use them, so they are sealed with a key that only lives in
 * the environment (DBSBM_SECRET_KEY).
 * @since 1.4.0
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12; // the GCM standard nonce size; random per seal, so never reused with the same key in practice
const TAG_BYTES = 16;
const MIN_KEY_CHARS = 32;
// A fixed salt because the key must be re-derivable from the environment variable alone; the per-installation
// randomness is in the variable itself. The purpose label keeps each use's key distinct from any other use of the
// variable (the default is the webhooks plugin's, which sealed the first secrets).
const kdfSalt = (purpose: string): string => `dbsbm/${purpose}/v1`;
// Bound into every ciphertext so a value sealed for another purpose or format version cannot be opened as this one.
const AAD = Buffer.from(`dbsbm-secret-box:${VERSION}`);

/** Thrown by {@link createSecretBox} for an unusable key and by `open` for a value that cannot be decrypted. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

/** Seals and opens short secrets with AES-256-GCM. */
export interface SecretBox {
  /** Encrypts `plain`; returns `v1.<iv b64>.<tag b64>.<ciphertext b64>`. Two seals of one value differ. */
  seal(plain: string): string;
  /** Decrypts a value from {@link SecretBox.seal}; throws {@link SecretBoxError} if it was altered or the key differs. */
  open(sealed: string): string;
}

/** Strict base64: Buffer.from silently drops invalid characters, which would hide an edited value. */
function decodeBase64(part: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(part)) return undefined;
  const bytes = Buffer.from(part, 'base64');
  return bytes.toString('base64') === part ? bytes : undefined;
}

/**
 * Creates a secret box from the DBSBM_SECRET_KEY value.
 *
 * @param key - At least 32 characters; stretched with scrypt into the 32-byte AES key, so a passphrase-like value is
 *   still costly to brute-force from a stolen ciphertext.
 * @param purpose - What the box seals (`'notifications/vapid'`): boxes of different purposes cannot open each other's values.
 * @throws SecretBoxError when the key is too short.
 */
export function createSecretBox(key: string, purpose = 'webhooks/secret-box'): SecretBox {
  if (key.length < MIN_KEY_CHARS) {
    throw new SecretBoxError(
      `DBSBM_SECRET_KEY must be at least ${MIN_KEY_CHARS} characters (got ${key.length}). ` +
        'Generate one with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))"',
    );
  }
  const aesKey = scryptSync(key, kdfSalt(purpose), 32);

  return {
    seal(plain: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
      cipher.setAAD(AAD);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join('.');
    },

    open(sealed: string): string {
      const parts = sealed.split('.');
      if (parts.length !== 4) {
        throw new SecretBoxError('Sealed secret is malformed: expected "v1.<iv>.<tag>.<ciphertext>".');
      }
      const [version, ivText, tagText, dataText] = parts;
      if (version !== VERSION) {
        throw new SecretBoxError(`Sealed secret has unsupported format "${version}" (expected "${VERSION}").`);
      }
      const iv = decodeBase64(ivText);
      const tag = decodeBase64(tagText);
      const data = decodeBase64(dataText);
      if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !data) {
        throw new SecretBoxError('Sealed secret is malformed: the iv, tag or ciphertext is not valid base64 of the right size.');
      }
      const decipher = createDecipheriv('aes-256-gcm', aesKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(AAD);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        // GCM cannot tell the two causes apart; naming both points the operator at the likely fix.
        throw new SecretBoxError(
          'Could not decrypt the sealed secret: it was modified, or DBSBM_SECRET_KEY differs from the key it was sealed with.',
        );
      }
    },
  };
}
