import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { errorEmbed } from 'dbsbm';
import { BetRefusal } from '../services/refusal.ts';

const TITLES: Partial<Record<BetRefusal['code'], string>> = {
  OPEN_BET_CAP: 'Too many open bets',
  LIMIT_REACHED: 'Your limit is reached',
  COOLING_OFF: 'You are taking a break',
  SELF_EXCLUDED: 'You are self-excluded',
  GAME_STARTED: 'Betting is closed for that game',
  BAD_ODDS: 'Those odds do not look right',
  UNITS_OUT_OF_RANGE: 'Stake out of range',
};

/** Runs a command's work; a refusal becomes a private, plain-spoken reply and nothing else happens. */
export async function withRefusals(interaction: RepliableInteraction, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (!(err instanceof BetRefusal)) throw err;
    const embed = errorEmbed(TITLES[err.code] ?? 'That did not go through', `${err.message}\nNothing was changed.`);
    if (interaction.deferred || interaction.replied) await interaction.followUp({ embeds: [embed], flags: MessageFlags.Ephemeral });
    else await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
  }
}
