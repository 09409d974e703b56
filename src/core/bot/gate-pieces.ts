import { AllFlowsPrecondition, Events, InteractionHandler, Listener, type Command, type ChatInputCommandErrorPayload, type ChatInputCommandDeniedPayload, type InteractionHandlerError, type UserError } from '@sapphire/framework';
import type { AutocompleteInteraction, Awaitable, ChatInputCommandInteraction, ContextMenuCommandInteraction, Interaction } from 'discord.js';
import { MessageFlags } from 'discord.js';
import type { Logger } from 'pino';
import type { Gate } from '../gate/gate.ts';
import { errorEmbed } from './embeds.ts';
import { databaseUnavailableRefusal, isDatabaseUnavailable } from '../db/unavailable.ts';
import { newSupportId } from '../log/support-id.ts';
import type { RefusalCatalogue } from '../refusals/codes.ts';
import { answerPrivately, refusalEmbed, unexpectedErrorEmbed } from '../refusals/embed.ts';
import { isRefusal } from '../refusals/refusal.ts';

/** Maps a loaded piece's name to the plugin that owns it. */
export type PieceOwners = ReadonlyMap<string, string>;

/**
 * The gate as a global Sapphire precondition (it has a `position`, so it runs before every command's own
 * preconditions): a command of a plugin that is off for the guild answers why, and does nothing.
 */
export function gatePrecondition(gate: Gate, owners: PieceOwners) {
  return class GatePrecondition extends AllFlowsPrecondition {
    constructor(context: AllFlowsPrecondition.LoaderContext, options: AllFlowsPrecondition.Options) {
      super(context, { ...options, name: 'DbsbmGate', position: 10 });
    }

    override messageRun(): AllFlowsPrecondition.Result {
      // Message commands are not used; slash commands are the interface.
      return this.ok();
    }

    override chatInputRun(interaction: ChatInputCommandInteraction, command: { name: string }): AllFlowsPrecondition.AsyncResult {
      return this.#check(interaction.guildId, command.name);
    }

    override contextMenuRun(interaction: ContextMenuCommandInteraction, command: { name: string }): AllFlowsPrecondition.AsyncResult {
      return this.#check(interaction.guildId, command.name);
    }

    async #check(guildId: string | null, commandName: string): AllFlowsPrecondition.AsyncResult {
      const plugin = owners.get(commandName) ?? 'core';
      const result = await gate.check(plugin, guildId);
      return result.ok ? this.ok() : this.error({ identifier: result.identifier, message: result.message, context: { plugin } });
    }
  };
}

/**
 * Answers a refused command privately: a precondition that carries a {@link Refusal} in its context (the text-input
 * check) gets the refusal embed; the gate's answer keeps its own "Not available here".
 */
export function deniedListener(refusals: RefusalCatalogue) {
  return class CommandDeniedListener extends Listener<typeof Events.ChatInputCommandDenied> {
    constructor(context: Listener.LoaderContext, options: Listener.Options) {
      super(context, { ...options, event: Events.ChatInputCommandDenied });
    }

    override async run(error: UserError, { interaction }: ChatInputCommandDeniedPayload): Promise<void> {
      const refusal = (error.context as { refusal?: unknown } | undefined)?.refusal;
      if (isRefusal(refusal)) return answerPrivately(interaction, refusalEmbed(refusal, refusals));
      const embed = errorEmbed('Not available here', error.message);
      if (interaction.deferred || interaction.replied) await interaction.editReply({ embeds: [embed] });
      else await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral });
    }
  };
}

/** What the error listeners need: where pieces belong, the refusal catalogue and the logger. */
export interface ErrorListenerServices {
  logger: Logger;
  owners: PieceOwners;
  refusals: RefusalCatalogue;
}

/**
 * The one answer to anything a command or interaction handler throws: a {@link Refusal} becomes the member's
 * private refusal embed (logged at debug); anything else is logged with the plugin's name and a support reference
 * that the member also sees. The bot keeps running either way.
 */
async function answerError(s: ErrorListenerServices, thrown: unknown, interaction: Interaction, plugin: string, what: string): Promise<void> {
  let embed;
  // A database that does not answer is not a bug of the command: the member gets a calm "try again", the log a warning.
  const error = isDatabaseUnavailable(thrown) ? databaseUnavailableRefusal(thrown) : thrown;
  if (isDatabaseUnavailable(thrown)) s.logger.warn({ err: thrown, plugin, guildId: interaction.guildId }, `${what} of plugin "${plugin}": the database did not answer`);
  if (isRefusal(error)) {
    s.logger.debug({ plugin, code: error.code, guildId: interaction.guildId }, `${what} of plugin "${plugin}" refused: ${error.code}`);
    embed = refusalEmbed(error, s.refusals);
  } else {
    const supportId = newSupportId();
    s.logger.error({ err: error, plugin, supportId, guildId: interaction.guildId }, `${what} of plugin "${plugin}" failed`);
    embed = unexpectedErrorEmbed(supportId);
  }
  if (!interaction.isRepliable()) return;
  try {
    await answerPrivately(interaction, embed);
  } catch (err) {
    s.logger.warn({ err, plugin }, 'could not tell the member about the failure');
  }
}

/** Answers what a slash command throws (see {@link answerError}). */
export function commandErrorListener(s: ErrorListenerServices) {
  return class CommandErrorListener extends Listener<typeof Events.ChatInputCommandError> {
    constructor(context: Listener.LoaderContext, options: Listener.Options) {
      super(context, { ...options, event: Events.ChatInputCommandError });
    }

    override async run(error: unknown, { interaction, command }: ChatInputCommandErrorPayload): Promise<void> {
      await answerError(s, error, interaction, s.owners.get(command.name) ?? 'core', `command /${command.name}`);
    }
  };
}

/** Answers what a button, select menu or modal handler throws (see {@link answerError}). */
export function interactionHandlerErrorListener(s: ErrorListenerServices) {
  return class InteractionHandlerErrorListener extends Listener<typeof Events.InteractionHandlerError> {
    constructor(context: Listener.LoaderContext, options: Listener.Options) {
      super(context, { ...options, event: Events.InteractionHandlerError });
    }

    override async run(error: unknown, { interaction, handler }: InteractionHandlerError): Promise<void> {
      await answerError(s, error, interaction, s.owners.get(handler.name) ?? 'core', `handler ${handler.name}`);
    }
  };
}

type Ctor<T> = abstract new (...args: never[]) => T;

/**
 * Wraps a plugin's command so that its autocomplete is gated like the command: in a server where the plugin is off
 * (or locked) the member gets no choices, and none of the plugin's code runs. Discord offers no way to say why in
 * an autocomplete; the command itself answers why once it is sent. A command without `autocompleteRun` is returned
 * as it is: adding one would stop Sapphire from handing its autocomplete to the interaction handlers.
 */
export function gatedCommand(Base: Ctor<Command>, plugin: string, gate: Gate): Ctor<Command> {
  if (typeof (Base.prototype as Partial<Command>).autocompleteRun !== 'function') return Base;
  const Parent = Base as unknown as abstract new (...args: unknown[]) => Command & { autocompleteRun(interaction: AutocompleteInteraction): Awaitable<unknown> };
  abstract class Gated extends Parent {
    override async autocompleteRun(interaction: AutocompleteInteraction): Promise<unknown> {
      if (!(await gate.check(plugin, interaction.guildId)).ok) return respondNothing(interaction);
      return super.autocompleteRun(interaction);
    }
  }
  Object.defineProperty(Gated, 'name', { value: Base.name });
  return Gated as unknown as Ctor<Command>;
}

/** Ends an autocomplete with an empty list, so the member's client stops waiting (it shows "no options"). */
async function respondNothing(interaction: AutocompleteInteraction): Promise<void> {
  if (!interaction.responded) await interaction.respond([]);
}

/**
 * Wraps a plugin's interaction handler so that buttons, menus and modals of a plugin that is off answer why, and
 * autocompletes are skipped — answered with no choices when the command being typed is the plugin's own (`owners`).
 */
export function gatedInteractionHandler(Base: Ctor<InteractionHandler>, plugin: string, gate: Gate, owners?: PieceOwners): Ctor<InteractionHandler> {
  const Parent = Base as unknown as abstract new (...args: unknown[]) => InteractionHandler;
  abstract class Gated extends Parent {
    override async parse(interaction: Interaction) {
      const result = await gate.check(plugin, interaction.guildId);
      if (!result.ok) {
        if (interaction.isAutocomplete()) {
          // Another plugin's handler may answer a command that is not ours; only our own command gets the empty list.
          if (owners?.get(interaction.commandName) === plugin) await respondNothing(interaction);
        } else if (interaction.isRepliable() && !interaction.replied) {
          await interaction.reply({ embeds: [errorEmbed('Not available here', result.message)], flags: MessageFlags.Ephemeral });
        }
        return this.none();
      }
      return super.parse(interaction);
    }
  }
  Object.defineProperty(Gated, 'name', { value: Base.name });
  return Gated as unknown as Ctor<InteractionHandler>;
}

/** Wraps a plugin's listener so it ignores events of guilds where the plugin is off. */
export function gatedListener(Base: Ctor<Listener>, plugin: string, gate: Gate): Ctor<Listener> {
  const Parent = Base as unknown as abstract new (...args: unknown[]) => Listener & { run(...args: unknown[]): unknown };
  abstract class Gated extends Parent {
    override async run(...args: unknown[]): Promise<unknown> {
      const first = args[0] as { guildId?: unknown; guild?: { id?: unknown } } | undefined;
      const guildId = typeof first?.guildId === 'string' ? first.guildId : typeof first?.guild?.id === 'string' ? first.guild.id : null;
      if (guildId !== null && !(await gate.isOn(plugin, guildId))) return undefined;
      return super.run(...args);
    }
  }
  Object.defineProperty(Gated, 'name', { value: Base.name });
  return Gated as unknown as Ctor<Listener>;
}
