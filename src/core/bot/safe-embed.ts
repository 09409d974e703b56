import { EmbedBuilder, normalizeArray, type APIEmbed, type APIEmbedField, type EmbedAuthorOptions, type EmbedData, type EmbedFooterOptions, type JSONEncodable, type RestOrArray } from 'discord.js';
import { EmbedLimits, clip } from './embed-limits.ts';

// discord.js validates an embed in its setters: `setTitle` of 300 characters throws a CombinedError before any
// reply is sent, so no wrapper around the reply can save it. The safe builder clips in the same setters instead, and
// clamps the 6000-character total when it is serialised (discord.js calls `toJSON` on every embed it sends).

/** A field name or value Discord accepts: empty text is refused, so it becomes a zero-width space. */
const fieldText = (text: string, max: number): string => clip(text, max) || '\u200b';

const clipField = (field: APIEmbedField): APIEmbedField => ({
  ...field,
  name: fieldText(field.name, EmbedLimits.fieldName),
  value: fieldText(field.value, EmbedLimits.fieldValue),
});

/** Characters Discord counts towards an embed's 6000 total. */
function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/**
 * Clips every text of an embed to Discord's limits (title 256, description 4096, 25 fields of 256/1024, footer
 * 2048, author 256) and then to the 6000-character total: the description gives way first, then the last fields,
 * then the footer. Text that had to be cut ends with "…".
 * @since 0.2.0
 */
export function clampEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = clip(out.title, EmbedLimits.title);
  if (out.description !== undefined) out.description = clip(out.description, EmbedLimits.description);
  if (out.footer) out.footer = { ...out.footer, text: clip(out.footer.text, EmbedLimits.footer) };
  if (out.author) out.author = { ...out.author, name: clip(out.author.name, EmbedLimits.author) };
  if (out.fields) out.fields = out.fields.slice(0, EmbedLimits.fields).map(clipField);
  let excess = embedLength(out) - EmbedLimits.total;
  if (excess > 0 && out.description) {
    const keep = Math.max(0, out.description.length - excess);
    out.description = keep > 0 ? clip(out.description, keep) : undefined;
    if (out.description === undefined) delete out.description;
    excess = embedLength(out) - EmbedLimits.total;
  }
  while (excess > 0 && out.fields && out.fields.length > 0) {
    out.fields = out.fields.slice(0, -1);
    excess = embedLength(out) - EmbedLimits.total;
  }
  if (excess > 0 && out.footer) out.footer = { ...out.footer, text: clip(out.footer.text, Math.max(1, out.footer.text.length - excess)) };
  return out;
}

/**
 * Clamps a list of embeds (builders or plain objects) for a message: each with {@link clampEmbed}, at most 10, and
 * the later ones dropped while their sum is over 6000 characters (Discord's limit is per message).
 * @since 0.2.0
 */
export function clampEmbeds(embeds: readonly (APIEmbed | JSONEncodable<APIEmbed>)[]): APIEmbed[] {
  const out: APIEmbed[] = [];
  let total = 0;
  for (const embed of embeds.slice(0, 10)) {
    const clamped = clampEmbed('toJSON' in embed ? embed.toJSON() : embed);
    const length = embedLength(clamped);
    if (out.length > 0 && total + length > EmbedLimits.total) break;
    out.push(clamped);
    total += length;
  }
  return out;
}

/**
 * An `EmbedBuilder` that never throws on long text: every setter clips to Discord's limits instead of validating,
 * and `toJSON` clamps the total. Use it (or {@link safeEmbed}) for every embed that may carry what a member typed.
 * @since 0.2.0
 * @example
 * const embed = safeEmbed().setTitle(`Report ${name}`).addFields({ name: 'Note', value: note });
 */
export class SafeEmbedBuilder extends EmbedBuilder {
  constructor(data?: EmbedData | APIEmbed) {
    super(data);
  }

  override setTitle(title: string | null): this {
    return super.setTitle(title === null ? null : clip(title, EmbedLimits.title));
  }

  override setDescription(description: string | null): this {
    return super.setDescription(description === null ? null : clip(description, EmbedLimits.description));
  }

  override setFooter(options: EmbedFooterOptions | null): this {
    return super.setFooter(options === null ? null : { ...options, text: clip(options.text, EmbedLimits.footer) || '\u200b' });
  }

  override setAuthor(options: EmbedAuthorOptions | null): this {
    return super.setAuthor(options === null ? null : { ...options, name: clip(options.name, EmbedLimits.author) || '\u200b' });
  }

  override addFields(...fields: RestOrArray<APIEmbedField>): this {
    const room = EmbedLimits.fields - (this.data.fields?.length ?? 0);
    return super.addFields(normalizeArray(fields).slice(0, Math.max(0, room)).map(clipField));
  }

  override setFields(...fields: RestOrArray<APIEmbedField>): this {
    return super.setFields(normalizeArray(fields).slice(0, EmbedLimits.fields).map(clipField));
  }

  override spliceFields(index: number, deleteCount: number, ...fields: APIEmbedField[]): this {
    const room = EmbedLimits.fields - ((this.data.fields?.length ?? 0) - Math.min(deleteCount, this.data.fields?.length ?? 0));
    return super.spliceFields(index, deleteCount, ...fields.slice(0, Math.max(0, room)).map(clipField));
  }

  override toJSON(): APIEmbed {
    return clampEmbed(super.toJSON());
  }
}

/** A new {@link SafeEmbedBuilder}. @since 0.2.0 */
export const safeEmbed = (data?: EmbedData | APIEmbed): SafeEmbedBuilder => new SafeEmbedBuilder(data);
