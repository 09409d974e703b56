import { Refusal } from 'dbsbm';
import { WebhookIntegrationSchema, WEBHOOK_FORMATS, type WebhookFormat, type WebhookIntegration } from '../entities/integration.ts';
import { WEBHOOK_EVENTS } from '../settings.ts';
import { allowedHostsFor } from './allowed-hosts.ts';
import type { WebhooksContext } from './context.ts';
import { endpointsChanged } from './runtime.ts';
import { validateWebhookUrl } from './safe-http.ts';
import { createSecretBox, type SecretBox } from 'dbsbm';
import { generateSecret } from './signing.ts';

/** Reads `bet.placed, bet.settled` (or `all`) into a checked list of events. */
export function parseEvents(text: string): string[] {
  const names = text.split(/[\s,]+/).filter(Boolean);
  if (names.length === 1 && names[0] === 'all') return [...WEBHOOK_EVENTS];
  const unknown = names.filter((n) => !(WEBHOOK_EVENTS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length) {
    throw new Refusal('UNKNOWN_EVENT', `${unknown.length ? `Unknown event ${unknown.map((u) => `"${u}"`).join(', ')}. ` : ''}Choose from: ${WEBHOOK_EVENTS.join(', ')} (comma-separated), or all.`);
  }
  return [...new Set(names)];
}

/** How many endpoints the server may have: its `webhook_limit`, or the plugin's default when that is 0. */
export async function endpointLimit(ctx: WebhooksContext, guildId: string): Promise<number> {
  const { webhookLimit } = await ctx.guild(guildId);
  return webhookLimit > 0 ? webhookLimit : ctx.options.defaultLimit;
}

// Deriving the key (scrypt) is deliberately slow: do it once per key, not once per delivery.
const boxes = new Map<string, SecretBox>();

/** The secret box of the plugin's key. */
export function secretBox(ctx: WebhooksContext): SecretBox {
  let box = boxes.get(ctx.options.secretKey);
  if (!box) {
    box = createSecretBox(ctx.options.secretKey);
    boxes.set(ctx.options.secretKey, box);
  }
  return box;
}

/** Adds an endpoint after checking its URL, events, format and the server's limit. Returns it with its secret, shown once. */
export async function addEndpoint(ctx: WebhooksContext, input: { guildId: string; url: string; events: string; format: string }): Promise<{ integration: WebhookIntegration; secret: string }> {
  const checked = validateWebhookUrl(input.url, { allowedHosts: allowedHostsFor(ctx.options.allowedHosts, input.guildId), allowHttp: false });
  if (!checked.ok) throw new Refusal('BAD_URL', checked.message);
  const events = parseEvents(input.events);
  if (!(WEBHOOK_FORMATS as readonly string[]).includes(input.format)) {
    throw new Refusal('BAD_FORMAT', `"${input.format}" is not a format. Use one of: ${WEBHOOK_FORMATS.join(', ')}.`);
  }
  const secret = generateSecret();
  const em = ctx.em();
  const limit = await endpointLimit(ctx, input.guildId);
  const integration = await em.transactional(async (tem) => {
    const count = await tem.count(WebhookIntegrationSchema, { guildId: input.guildId });
    if (count >= limit) throw new Refusal('LIMIT_REACHED', `This server already has ${count} webhook endpoints, its limit (${limit}). Remove one with /webhook remove first.`);
    return tem.create(WebhookIntegrationSchema, {
      guildId: input.guildId,
      webhookUrl: checked.url.toString(),
      webhookType: input.format as WebhookFormat,
      events,
      isActive: true,
      secretSealed: secretBox(ctx).seal(secret),
      previousSecretSealed: null,
      previousSecretUntil: null,
      consecutiveFailures: 0,
      failingSince: null,
      disabledReason: null,
    } as never);
  });
  await endpointsChanged(ctx, input.guildId);
  return { integration, secret };
}

/** Removes one of the server's endpoints; nothing more is sent to it (a batch already sending finishes). */
export async function removeEndpoint(ctx: WebhooksContext, guildId: string, id: number): Promise<WebhookIntegration> {
  const integration = await findEndpoint(ctx, guildId, id);
  await ctx.em().nativeDelete(WebhookIntegrationSchema, { id: integration.id, guildId });
  await endpointsChanged(ctx, guildId);
  return integration;
}

/** One of the server's endpoints, or a clear refusal (never another server's). */
export async function findEndpoint(ctx: WebhooksContext, guildId: string, id: number): Promise<WebhookIntegration> {
  const integration = await ctx.em().findOne(WebhookIntegrationSchema, { id, guildId });
  if (!integration) throw new Refusal('NOT_FOUND', `This server has no webhook #${id}. See them with /webhook list.`);
  return integration;
}

/** A new secret; the old one keeps signing beside it for the grace period so receivers can switch without loss. */
export async function rotateSecret(ctx: WebhooksContext, guildId: string, id: number): Promise<string> {
  const em = ctx.em();
  const integration = await em.findOne(WebhookIntegrationSchema, { id, guildId });
  if (!integration) throw new Refusal('NOT_FOUND', `This server has no webhook #${id}. See them with /webhook list.`);
  const secret = generateSecret();
  integration.previousSecretSealed = integration.secretSealed;
  integration.previousSecretUntil = Date.now() + ctx.options.rotationGraceHours * 3_600_000;
  integration.secretSealed = secretBox(ctx).seal(secret);
  await em.flush();
  await endpointsChanged(ctx, guildId);
  return secret;
}

/** The secrets that sign now: the current one, and the previous one during its grace period. */
export function signingSecrets(
  ctx: WebhooksContext,
  integration: Pick<WebhookIntegration, 'secretSealed' | 'previousSecretSealed' | 'previousSecretUntil'>,
  now = Date.now(),
): string[] {
  const box = secretBox(ctx);
  const secrets = [box.open(integration.secretSealed)];
  if (integration.previousSecretSealed && (integration.previousSecretUntil ?? 0) > now) secrets.push(box.open(integration.previousSecretSealed));
  return secrets;
}
