import { AllFlowsPrecondition } from '@sapphire/framework';
import { ApplicationCommandOptionType, type ChatInputCommandInteraction, type CommandInteractionOption } from 'discord.js';
import { Refusal } from '../refusals/refusal.ts';
import { untypeableCharacter } from '../text/untypeable.ts';

/** The first string option (at any depth) holding an untypeable character, with a description of it. */
export function findUntypeableText(options: readonly CommandInteractionOption[]): { option: string; character: string } | null {
  for (const option of options) {
    if (option.type === ApplicationCommandOptionType.String && typeof option.value === 'string') {
      const character = untypeableCharacter(option.value);
      if (character) return { option: option.name, character };
    }
    const inner = option.options ? findUntypeableText(option.options) : null;
    if (inner) return inner;
  }
  return null;
}

/** The refusal for such text (INVALID_INPUT), naming the option. */
export function untypeableTextRefusal(found: { option: string; character: string }): Refusal {
  return new Refusal('INVALID_INPUT', `\`${found.option}\` contains a control character (${found.character}) that text cannot hold.`, {
    next: `Type ${found.option} again without it.`,
  });
}

/**
 * A global precondition (after the gate) that refuses a slash command whose text options hold untypeable characters,
 * before the command runs. The refusal travels in the error's context, and the denied listener renders it.
 */
export function textInputPrecondition() {
  return class TextInputPrecondition extends AllFlowsPrecondition {
    constructor(context: AllFlowsPrecondition.LoaderContext, options: AllFlowsPrecondition.Options) {
      super(context, { ...options, name: 'DbsbmTextInput', position: 20 });
    }

    override messageRun(): AllFlowsPrecondition.Result {
      return this.ok();
    }

    override contextMenuRun(): AllFlowsPrecondition.Result {
      return this.ok();
    }

    override chatInputRun(interaction: ChatInputCommandInteraction): AllFlowsPrecondition.Result {
      const found = findUntypeableText(interaction.options.data);
      if (!found) return this.ok();
      const refusal = untypeableTextRefusal(found);
      return this.error({ identifier: 'DbsbmUntypeableText', message: refusal.message, context: { refusal } });
    }
  };
}
