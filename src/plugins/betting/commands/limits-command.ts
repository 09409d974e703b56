import { Command } from '@sapphire/framework';
import { MessageFlags } from 'discord.js';
import { infoEmbed } from 'dbsbm';
import { MemberLimitsSchema } from '../entities/member-limits.ts';
import type { BettingContext } from '../services/context.ts';
import { changeLimits, effectiveLimits } from '../services/limits.ts';

/** `/limits`: a member's own daily or weekly unit limit, a cooling-off period, or self-exclusion. */
export function limitsCommand(ctx: BettingContext) {
  return class LimitsCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'limits', description: 'Set limits on your own betting' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('limits')
          .setDescription('Set limits on your own betting (lowering applies now, raising after 24 hours)')
          .setDMPermission(false)
          .addNumberOption((o) => o.setName('daily_units').setDescription('Most units you can stake in 24 hours (0 removes the limit)').setMinValue(0))
          .addNumberOption((o) => o.setName('weekly_units').setDescription('Most units you can stake in 7 days (0 removes the limit)').setMinValue(0))
          .addIntegerOption((o) => o.setName('cooling_off_days').setDescription('Take a break from betting for 1 to 30 days').setMinValue(1).setMaxValue(30))
          .addBooleanOption((o) => o.setName('self_exclude').setDescription('Stop betting in this server (a manager can help lift it)')),
      );
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const guildId = interaction.guildId!;
      const userId = interaction.user.id;
      const read = (name: string): number | null | undefined => {
        const v = interaction.options.getNumber(name);
        return v === null ? undefined : v === 0 ? null : v;
      };
      // A refusal (BAD_LIMIT) is answered privately by the core.
      const change = {
        dailyUnits: read('daily_units'),
        weeklyUnits: read('weekly_units'),
        coolingOffDays: interaction.options.getInteger('cooling_off_days') ?? undefined,
        selfExclude: interaction.options.getBoolean('self_exclude') ?? undefined,
      };
      const now = Date.now();
      const changing = Object.values(change).some((v) => v !== undefined);
      const { row, delayed } = changing ? await changeLimits(ctx.em(), guildId, userId, change, now) : { row: await ctx.em().findOne(MemberLimitsSchema, { guildId, userId }), delayed: [] };
      const limits = effectiveLimits(row, now);
      const lines = [
        `Daily: ${limits.daily === null ? 'no limit' : `${limits.daily} units`}`,
        `Weekly: ${limits.weekly === null ? 'no limit' : `${limits.weekly} units`}`,
        row?.coolingOffUntil && row.coolingOffUntil > now ? `Cooling off until <t:${Math.floor(row.coolingOffUntil / 1000)}:f>` : 'No cooling-off period',
        row?.selfExcluded ? 'Self-excluded from betting here' : '',
        delayed.length ? `Your higher ${delayed.join(' and ')} limit applies in 24 hours, so the decision has time to settle.` : '',
      ].filter(Boolean);
      await interaction.reply({ embeds: [infoEmbed('Your limits', lines.join('\n')).setFooter({ text: 'Only you can see this. Lowering a limit applies at once.' })], flags: MessageFlags.Ephemeral });
    }
  };
}
