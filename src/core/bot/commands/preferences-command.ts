import { Command } from '@sapphire/framework';
import { MessageFlags } from 'discord.js';
import type { UserPreferences, UserPreferencesPatch, UserPreferencesService } from '../../users/user-preferences.ts';
import { infoEmbed } from '../embeds.ts';
import type { EventBus } from '../../events/bus.ts';

const CHOICES = [
  { option: 'analytics', key: 'analyticsConsent', label: 'Analytics', what: 'servers with analytics may record your betting activity and spot patterns (only you are told about them)' },
  { option: 'ml_recommendations', key: 'mlRecommendationsEnabled', label: 'Personal recommendations', what: 'the ML plugin may suggest bets and stakes for you' },
] as const satisfies readonly { option: string; key: keyof UserPreferencesPatch; label: string; what: string }[];

function describe(prefs: UserPreferences): string {
  return CHOICES.map((c) => `**${c.label}: ${prefs[c.key] ? 'on' : 'off'}**\nWhen on, ${c.what}.${c.key === 'analyticsConsent' ? ' Turning it off deletes what was recorded.' : ''}`).join('\n\n');
}

/**
 * `/preferences`: a member's own choices, shared by every server. Everything starts off; nobody but the member can
 * change them, so no permission is needed.
 */
export function preferencesCommand(users: UserPreferencesService, bus: Pick<EventBus, 'publish'>) {
  return class PreferencesCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'preferences', description: 'Your privacy and recommendation choices' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('preferences')
          .setDescription('Your privacy and recommendation choices')
          .addSubcommand((s) => s.setName('show').setDescription('Show your choices'))
          .addSubcommand((s) => {
            s.setName('set').setDescription('Turn analytics tracking or personal recommendations on or off');
            for (const c of CHOICES) s.addBooleanOption((o) => o.setName(c.option).setDescription(`${c.label}: on or off`));
            return s;
          }),
      );
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const userId = interaction.user.id;
      if (interaction.options.getSubcommand() === 'show') {
        await interaction.reply({ embeds: [infoEmbed('Your preferences', describe(await users.get(userId)))], flags: MessageFlags.Ephemeral });
        return;
      }
      const patch: UserPreferencesPatch = {};
      for (const c of CHOICES) {
        const value = interaction.options.getBoolean(c.option);
        if (value !== null) patch[c.key] = value;
      }
      if (Object.keys(patch).length === 0) {
        await interaction.reply({
          embeds: [infoEmbed('Nothing changed', `Choose at least one option, for example \`/preferences set analytics:true\`.\n\n${describe(await users.get(userId))}`)],
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      const prefs = await users.set(userId, patch);
      // Other plugins act on it (analytics forgets a member who withdrew consent); one lost publish is caught by
      // the next change, and tracking itself always re-reads consent.
      await bus.publish('core.user.preferences', { userId, analyticsConsent: prefs.analyticsConsent, mlRecommendationsEnabled: prefs.mlRecommendationsEnabled });
      await interaction.reply({ embeds: [infoEmbed('Preferences saved', describe(prefs))], flags: MessageFlags.Ephemeral });
    }
  };
}
