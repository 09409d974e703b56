/**
 * The server's VAPID key pair (RFC 8292). Browsers bind each push subscription to the public key they were given, so
 * the pair is made once per installation and kept: a new pair would orphan every existing subscription.
 */
import { createECDH } from 'node:crypto';
import type { SecretBox } from 'dbsbm';
import webpush from 'web-push';

/**
 * Where the keys live (the plugin implements it on a table). `putIfAbsent` stores `value` only when `name` has no
 * value yet and returns what is stored after the call, so instances starting at once all end up with the first write.
 */
export interface KeyStore {
  get(name: string): Promise<string | null>;
  putIfAbsent(name: string, value: string): Promise<string>;
}

/** A usable VAPID identity: what `createPushChannel` takes as `vapid`. */
export interface VapidKeys {
  /** Uncompressed P-256 point, base64url (65 bytes): the page hands it to `pushManager.subscribe`. */
  publicKey: string;
  /** The 32-byte private scalar, base64url. */
  privateKey: string;
  subject: string;
}

/** The KeyStore names used. */
export const VAPID_KEY_NAMES = {
  /** Sealed with the secret box: a database dump alone must not let anyone push to members. */
  privateKey: 'vapid_private_key',
  /** Plain: it is public, and readable without DBSBM_SECRET_KEY. */
  publicKey: 'vapid_public_key',
} as const;

/** The public point of a private scalar, so the stored public key always matches the stored private one. */
function publicKeyOf(privateKey: string): string {
  const scalar = Buffer.from(privateKey, 'base64url');
  if (scalar.length !== 32) throw new Error('The stored VAPID private key is not a 32-byte P-256 key.');
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(scalar);
  return ecdh.getPublicKey('base64url', 'uncompressed');
}

function checkSubject(subject: string): void {
  let protocol: string;
  try {
    protocol = new URL(subject).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'mailto:' && protocol !== 'https:') {
    throw new Error(`The VAPID subject must be a mailto: or https: URL (got "${subject}").`);
  }
}

/**
 * Loads the installation's VAPID keys, generating and storing them on first use.
 *
 * The private key is written first and is the only source of truth: two instances racing both generate a pair, but
 * `putIfAbsent` keeps one private key and each derives the public key from that, so they agree without a lock.
 *
 * @param store - The plugin's key table.
 * @param box - Seals the private key (`createSecretBox(key, 'notifications/vapid')`).
 * @param subject - The operator contact sent in every VAPID token (`mailto:` or `https:`).
 * @throws Error for a bad subject, SecretBoxError when the stored key cannot be opened (DBSBM_SECRET_KEY changed),
 *   Error when the stored public key does not belong to the stored private key.
 */
export async function loadOrCreateVapidKeys(store: KeyStore, box: SecretBox, subject: string): Promise<VapidKeys> {
  checkSubject(subject);
  let sealed = await store.get(VAPID_KEY_NAMES.privateKey);
  if (sealed === null) {
    sealed = await store.putIfAbsent(VAPID_KEY_NAMES.privateKey, box.seal(webpush.generateVAPIDKeys().privateKey));
  }
  const privateKey = box.open(sealed);
  const publicKey = publicKeyOf(privateKey);
  const storedPublic = await store.putIfAbsent(VAPID_KEY_NAMES.publicKey, publicKey);
  if (storedPublic !== publicKey) {
    // Someone edited one of the two rows; pushing with a mismatched pair would fail on every send.
    throw new Error(`The stored ${VAPID_KEY_NAMES.publicKey} does not match ${VAPID_KEY_NAMES.privateKey}; delete the public one to re-derive it.`);
  }
  return { publicKey, privateKey, subject };
}
