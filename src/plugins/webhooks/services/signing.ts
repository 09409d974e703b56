/**
 * Signing of outgoing webhooks following Standard Webhooks (https://www.standardwebhooks.com/), so receivers can
 * verify deliveries with any of the official libraries instead of code written against our own scheme.
 */
import { createHmac, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** The three headers a Standard Webhooks delivery carries. */
export type WebhookHeaderName = 'webhook-id' | 'webhook-timestamp' | 'webhook-signature';

/**
 * Generates a new signing secret: `whsec_` followed by 32 random bytes in base64 (the format the Standard Webhooks
 * libraries accept directly).
 */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** Decodes the key bytes of a `whsec_…` secret, refusing anything that would silently produce a weak or empty key. */
function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  // Buffer.from(…, 'base64') skips invalid characters instead of failing, which would turn a corrupted secret into a
  // different (and possibly empty) key; requiring a clean round trip makes corruption loud.
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0 || key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    throw new Error('Invalid webhook signing secret: expected "whsec_" followed by base64.');
  }
  return key;
}

/**
 * Signs one message for one secret.
 *
 * @param secret - A `whsec_…` secret (the prefix is optional).
 * @param msgId - The message id, sent as `webhook-id`; stays the same across retries of one delivery.
 * @param timestampSeconds - Unix time in whole seconds, sent as `webhook-timestamp`.
 * @param body - The exact request body that will be sent.
 * @returns `v1,<base64 HMAC-SHA256 of "{msgId}.{timestamp}.{body}">`.
 */
export function sign(secret: string, msgId: string, timestampSeconds: number, body: string): string {
  if (!Number.isSafeInteger(timestampSeconds)) {
    // Receivers compare the signed timestamp text with the header text; a fraction would make both disagree with
    // what the libraries compute from the header.
    throw new Error(`Webhook timestamp must be whole seconds, got ${timestampSeconds}.`);
  }
  const mac = createHmac('sha256', secretKey(secret)).update(`${msgId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * Builds the `webhook-signature` value for several secrets, separated by spaces. During a secret rotation both the
 * old and the new secret sign, so receivers still configured with the old one keep verifying until they switch.
 *
 * @param secrets - One or more `whsec_…` secrets; at least one is required.
 */
export function signatureHeader(secrets: string[], msgId: string, timestampSeconds: number, body: string): string {
  if (secrets.length === 0) throw new Error('At least one webhook signing secret is required.');
  return secrets.map((secret) => sign(secret, msgId, timestampSeconds, body)).join(' ');
}

/**
 * Builds all three Standard Webhooks headers for a delivery.
 *
 * @param secrets - The active secrets (old and new during a rotation).
 * @param msgId - The message id (stable across retries so receivers can de-duplicate).
 * @param timestampSeconds - Unix time in whole seconds of this attempt.
 * @param body - The exact request body.
 */
export function webhookHeaders(
  secrets: string[],
  msgId: string,
  timestampSeconds: number,
  body: string,
): Record<WebhookHeaderName, string> {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatureHeader(secrets, msgId, timestampSeconds, body),
  };
}
