import { AttachmentBuilder, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { infoEmbed, Refusal, successEmbed } from 'dbsbm';
import { z } from 'zod';
import { IMPORT_LIMITS, parseImportCsv } from '../import/index.ts';
import type { BettingContext } from '../services/context.ts';
import { importBets } from '../services/import.ts';
import type { OddsFormat } from '../services/odds.ts';
import { signedUnits } from '../views/bet-slip.ts';

const zone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
});

/**
 * `/bet import`: the member's own history from another tracker's CSV. A dry run (the default) shows what would be
 * imported and every refused row with its reasons; a real run writes the good rows in one transaction and tells
 * analytics which days changed.
 */
export async function importHandler(ctx: BettingContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const guildId = interaction.guildId!;
  const userId = interaction.user.id;
  const file = interaction.options.getAttachment('file', true);
  const dryRun = interaction.options.getBoolean('dry_run') ?? true;
  const timeZone = interaction.options.getString('time_zone') ?? 'UTC';
  // Refusals (these, and the parser's ImportFileError) are answered privately by the core; the deferral is private.
  if (!zone.safeParse(timeZone).success) {
    throw new Refusal('IMPORT_BAD_OPTIONS', `"${timeZone}" is not a time zone.`, { next: 'Use a name such as Europe/London or America/New_York.' });
  }
  if (file.size > IMPORT_LIMITS.maxBytes) throw new Refusal('IMPORT_FILE_TOO_LARGE', 'One import takes at most 5 MB.', { next: 'Split the file and import the parts.' });
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const res = await fetch(file.url);
  if (!res.ok) throw new Refusal('IMPORT_FILE_UNREACHABLE', `Discord answered ${res.status} when the file was fetched.`, { next: 'Attach it again.' });
  const parsed = parseImportCsv(await res.text(), { timeZone, ...(interaction.options.getString('odds_format') ? { oddsFormat: interaction.options.getString('odds_format') as OddsFormat } : {}) });
  const outcome = await importBets(ctx, { guildId, userId, rows: parsed.rows, dryRun });
  if (!dryRun && outcome.imported > 0) {
    const days = [...new Set(outcome.bets.map((b) => Math.floor(b.settledAt / 86_400_000)))];
    await ctx.em().transactional((tx) => ctx.events.publishInTransaction(tx, 'bets.imported', { guildId, userId, count: outcome.imported, days }));
  }
  const net = outcome.bets.reduce((s, b) => s + b.net, 0);
  const refusedText = parsed.refused
    .slice(0, 10)
    .map((r) => `Line ${r.line}: ${r.reasons.join('; ')}`)
    .join('\n');
  const lines = [
    dryRun ? `**${outcome.wouldImport}** bets would be imported (net ${signedUnits(Math.round(net * 1e4) / 1e4)}).` : `**${outcome.imported}** bets imported (net ${signedUnits(Math.round(net * 1e4) / 1e4)}).`,
    outcome.duplicates ? `${outcome.duplicates} were already imported and are skipped.` : '',
    parsed.refused.length ? `**${parsed.refused.length} rows refused:**\n${refusedText}${parsed.refused.length > 10 ? `\n…and ${parsed.refused.length - 10} more (all in the attached file).` : ''}` : 'No row was refused.',
    parsed.columns.ignored.length ? `Columns ignored: ${parsed.columns.ignored.join(', ')}.` : '',
    dryRun ? 'Nothing was written. Run again with `dry_run:false` to import.' : '',
  ].filter(Boolean);
  const files = parsed.refused.length
    ? [new AttachmentBuilder(Buffer.from(['line,reasons', ...parsed.refused.map((r) => `${r.line},"${r.reasons.join('; ').replaceAll('"', '""')}"`)].join('\n')), { name: 'refused-rows.csv' })]
    : [];
  await interaction.editReply({ embeds: [dryRun ? infoEmbed('Import preview', lines.join('\n\n')) : successEmbed('Import done', lines.join('\n\n'))], files });
}
