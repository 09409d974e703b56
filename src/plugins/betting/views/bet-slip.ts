import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { Colors, safeEmbed } from 'dbsbm';
import type { Bet } from '../entities/bet.ts';
import type { BetLeg } from '../entities/bet-leg.ts';
import type { Game } from '../entities/game.ts';
import { gameLabel, selectionLabel } from '../services/games.ts';
import { formatOdds, type OddsFormat } from '../services/odds.ts';
import { winNet } from '../services/payout.ts';

export const units = (n: number): string => `${n >= 0 ? '' : '−'}${Math.abs(n).toFixed(2)}u`;
export const signedUnits = (n: number): string => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n).toFixed(2)}u`;
export const percent = (n: number | null): string => (n === null ? '—' : `${(n * 100).toFixed(1)}%`);
const when = (ms: number): string => `<t:${Math.floor(ms / 1000)}:f>`;

const STATUS_COLOR: Record<string, number> = { won: Colors.success, lost: Colors.error, push: Colors.warning, void: 0x9ca3af, cancelled: 0x9ca3af };

/** Why an unverified bet does not count, as its slip and lists say it. */
export function unverifiedNote(bet: Bet): string {
  return bet.type === 'player_prop'
    ? 'Not counted in records until another capper or a server manager confirms its grade.'
    : "Its price was outside the server's tolerance of the market: it never counts in records.";
}

/** The bet slip: pick, price in the server's format, stake, what it wins, kick-off and status. */
export function betSlipEmbed(bet: Bet, games: Game[], format: OddsFormat, legs: BetLeg[] = [], capperName?: string): EmbedBuilder {
  const embed = safeEmbed().setColor(STATUS_COLOR[bet.status] ?? Colors.info);
  // One addFields call: the builder validates the whole field list on every call (the slip is on /bet place's hot path).
  const fields: { name: string; value: string; inline?: boolean }[] = [];
  if (bet.type === 'parlay') {
    embed.setTitle(`Bet #${bet.id} · ${legs.length}-leg parlay`);
    embed.setDescription(
      legs
        .map((leg) => {
          const game = games.find((g) => g.id === leg.gameId);
          const label = game ? `${selectionLabel(game, leg.market, leg.selection, leg.line)} — ${gameLabel(game)}` : `game ${leg.gameId}`;
          return `• ${label} @ ${formatOdds(leg.decimal, format)}${leg.result !== 'pending' ? ` (${leg.result})` : ''}`;
        })
        .join('\n'),
    );
  } else {
    const game = games[0];
    embed.setTitle(`Bet #${bet.id} · ${game ? gameLabel(game) : 'game'}`);
    const pick = bet.type === 'player_prop' ? (bet.description ?? 'Player prop') : game && bet.market && bet.selection ? selectionLabel(game, bet.market, bet.selection, bet.line) : '—';
    fields.push({ name: 'Pick', value: pick, inline: true });
    if (game) fields.push({ name: 'Kick-off', value: when(game.startTime), inline: true });
  }
  fields.push(
    { name: 'Odds', value: formatOdds(bet.decimal, format), inline: true },
    { name: 'Stake', value: units(bet.units), inline: true },
    // What settlement pays for a win, by the same function (payout.ts), so the two agree to the cent.
    { name: bet.net === null ? 'To win' : 'Result', value: bet.net === null ? units(winNet(bet.units, bet.decimal)) : `${bet.status} ${signedUnits(bet.net)}`, inline: true },
    { name: 'Status', value: bet.status, inline: true },
  );
  if (!bet.verified) fields.push({ name: 'Unverified', value: unverifiedNote(bet) });
  embed.addFields(fields);
  embed.setFooter({ text: `${capperName ? `${capperName} · ` : ''}placed ${new Date(bet.placedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC · locked${bet.verified ? '' : ' · unverified'}` });
  return embed;
}

/** Tail and fade buttons under a bet slip (only while the game has not started). */
export function tailFadeRow(bet: Bet): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(`betting:tail:${bet.id}`).setLabel('Tail').setStyle(ButtonStyle.Success),
    new ButtonBuilder().setCustomId(`betting:fade:${bet.id}`).setLabel('Fade').setStyle(ButtonStyle.Danger),
  );
}
