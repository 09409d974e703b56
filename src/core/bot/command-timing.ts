import { performance } from 'node:perf_hooks';
import { Events, Listener } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';
import type { Metrics } from '../metrics/registry.ts';
import type { PieceOwners } from './gate-pieces.ts';

/** The command as a member typed it: `bet place`, `analytics reports list`, `stats`. */
export function commandPath(interaction: ChatInputCommandInteraction): string {
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand(false);
  return [interaction.commandName, group, sub].filter(Boolean).join(' ');
}

/**
 * Times every slash command that ran, refused or failed ones too (a slow refusal is still slow), in
 * `dbsbm_command_duration_seconds`: from Sapphire's "run" event to its "finish" event. Sapphire's own duration is -1
 * for a command that threw, so it is not used. Commands the gate denied never ran and are not counted.
 */
export function commandTimingListeners(metrics: Metrics, owners: PieceOwners) {
  const started = new Map<string, number>();

  class CommandStartListener extends Listener<typeof Events.ChatInputCommandRun> {
    constructor(context: Listener.LoaderContext, options: Listener.Options) {
      super(context, { ...options, event: Events.ChatInputCommandRun });
    }

    override run(interaction: ChatInputCommandInteraction): void {
      started.set(interaction.id, performance.now());
    }
  }

  class CommandTimingListener extends Listener<typeof Events.ChatInputCommandFinish> {
    constructor(context: Listener.LoaderContext, options: Listener.Options) {
      super(context, { ...options, event: Events.ChatInputCommandFinish });
    }

    override run(interaction: ChatInputCommandInteraction): void {
      const start = started.get(interaction.id);
      if (start === undefined) return;
      started.delete(interaction.id);
      metrics.commandDuration.observe({ command: commandPath(interaction), plugin: owners.get(interaction.commandName) ?? 'core' }, (performance.now() - start) / 1000);
    }
  }

  return [CommandStartListener, CommandTimingListener] as const;
}
