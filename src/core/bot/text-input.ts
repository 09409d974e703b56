import { AllFlowsPrecondition } from '@sapphire/framework';
import { ApplicationCommandOptionType, type ChatInputCommandInteraction, type CommandInteractionOption } from 'discord.js';
import { Refusal } from '../refusals/refusal.ts';

/**
 * Characters no member means to type: C0 controls other than tab and newline (NUL among them), DEL, unpaired
 * surrogates and the non-characters U+FFFE/U+FFFF. They broke things far from the command that received them (a NUL
 * ends a SQLite statement, since MikroORM writes values into the SQL text; a BEL makes a chart's SVG invalid XML), so
 * they are refused once, at the door, for every command of every plugin.
 */
// eslint-disable-next-line no-control-regex
const UNTYPEABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first string option (at any depth) holding an untypeable character, with a description of it. */
export function findUntypeableText(options: readonly CommandInteractionOption[]): { option: string; character: string } | null {
  for (const option of options) {
    if (option.type === ApplicationCommandOptionType.String && typeof option.value === 'string') {
      const match = UNTYPEABLE.exec(option.value);
      if (match) return { option: option.name, character: `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
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
