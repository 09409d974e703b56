import { Events, type Client, type Interaction } from 'discord.js';
import type { Logger } from 'pino';
import { RefusalCatalogue } from '../refusals/codes.ts';
import { answerPrivately, refusalEmbed } from '../refusals/embed.ts';
import { Refusal } from '../refusals/refusal.ts';
import { untypeableCharacter } from '../text/untypeable.ts';
import { findUntypeableText } from './text-input.ts';

/** Where an untypeable character came in: the option, field, custom id or menu value, and which character. */
export interface UntypeableInput {
  field: string;
  character: string;
}

function firstIn(field: string, texts: readonly unknown[]): UntypeableInput | null {
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const character = untypeableCharacter(text);
    if (character) return { field, character };
  }
  return null;
}

/**
 * The first untypeable character (see `UNTYPEABLE`) in what a member sent with an autocomplete, a button or menu, or
 * a modal: option values (the focused one included), custom ids, menu values and text fields. Slash commands are
 * checked by the text-input precondition instead, which answers through the command's refusal path.
 */
export function findUntypeableInInteraction(interaction: Interaction): UntypeableInput | null {
  if (interaction.isAutocomplete()) {
    const found = findUntypeableText(interaction.options.data);
    return found ? { field: found.option, character: found.character } : null;
  }
  if (interaction.isMessageComponent()) {
    return firstIn('the button or menu id', [interaction.customId]) ?? (interaction.isAnySelectMenu() ? firstIn('the chosen value', interaction.values) : null);
  }
  if (interaction.isModalSubmit()) {
    const id = firstIn('the form id', [interaction.customId]);
    if (id) return id;
    for (const [customId, field] of interaction.fields.fields) {
      const data = field as { value?: unknown; values?: readonly unknown[] };
      const found = firstIn(customId, [data.value, ...(data.values ?? [])]);
      if (found) return found;
    }
  }
  return null;
}

const catalogue = new RefusalCatalogue();

/**
 * Answers an interaction that carried an untypeable character, without running anything: an autocomplete gets an
 * empty list (the member's client stops waiting; there is no way to say why there), anything else a private
 * INVALID_INPUT refusal naming the field.
 */
async function refuse(interaction: Interaction, found: UntypeableInput): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  const refusal = new Refusal('INVALID_INPUT', `\`${found.field}\` contains a control character (${found.character}) that text cannot hold.`, {
    next: 'Send it again without it.',
  });
  await answerPrivately(interaction, refusalEmbed(refusal, catalogue));
}

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;

/**
 * Puts a screen in front of every interaction the client receives: one carrying an untypeable character in an
 * autocomplete, a component or a modal is answered (see {@link refuse}) and never reaches a command, a handler or a
 * collector, so no plugin's code — and no query — ever sees it. Done at the client's `emit`, the one door every
 * listener (Sapphire's and collectors') is behind.
 */
export function screenInteractions(client: Client, logger: Logger): void {
  const emit = client.emit.bind(client) as Emit;
  (client as unknown as { emit: Emit }).emit = (event, ...args) => {
    if (event !== Events.InteractionCreate) return emit(event, ...args);
    const interaction = args[0] as Interaction;
    const found = findUntypeableInInteraction(interaction);
    if (!found) return emit(event, ...args);
    logger.debug({ guildId: interaction.guildId, field: found.field, character: found.character }, 'refused an interaction holding a control character');
    refuse(interaction, found).catch((err: unknown) => logger.warn({ err }, 'could not answer an interaction holding a control character'));
    return true;
  };
}
