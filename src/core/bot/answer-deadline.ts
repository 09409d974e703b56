import { Events, Listener } from '@sapphire/framework';
import type { ChatInputCommandInteraction, Interaction, InteractionReplyOptions, Message } from 'discord.js';

/**
 * Discord drops an interaction that is not acknowledged within 3 s ("The application did not respond"), and the
 * member takes that as a failure, even when the command's write lands later (a database that went silent, then came
 * back). A command that has neither replied nor deferred by this time is deferred for it, so every command is
 * answered, with what it finally says.
 */
export const ANSWER_DEADLINE_MS = 2_400;

type Reply = (options: string | (InteractionReplyOptions & { withResponse?: boolean })) => Promise<unknown>;
type Defer = (options?: unknown) => Promise<unknown>;

/**
 * Defers `interaction` if it is still unanswered after `ms`. A later `reply` then edits the deferred reply (a reply
 * asked to be private shows publicly: the deferral had to choose before the answer was known), and a later
 * `deferReply` does nothing.
 */
export function holdAnswer(interaction: ChatInputCommandInteraction, ms = ANSWER_DEADLINE_MS): void {
  let deferred: Promise<unknown> | null = null;
  const timer = setTimeout(() => {
    if (interaction.replied || interaction.deferred) return;
    deferred = interaction.deferReply().catch(() => undefined);
  }, ms);
  timer.unref();
  const reply = interaction.reply.bind(interaction) as Reply;
  const deferReply = interaction.deferReply.bind(interaction) as Defer;
  const patched = interaction as unknown as { reply: Reply; deferReply: Defer };
  patched.reply = async (options) => {
    clearTimeout(timer);
    if (!deferred) return reply(options);
    await deferred;
    const { flags: _flags, withResponse, ...rest } = typeof options === 'string' ? { content: options, flags: undefined, withResponse: false } : options;
    const message: Message = await interaction.editReply(rest as Parameters<ChatInputCommandInteraction['editReply']>[0]);
    // The shape `reply({ withResponse: true })` resolves to, for callers that read the message from it.
    return withResponse ? { resource: { message } } : message;
  };
  patched.deferReply = async (options) => {
    clearTimeout(timer);
    if (deferred) return deferred;
    return deferReply(options);
  };
}

/** Holds every slash command to {@link ANSWER_DEADLINE_MS}, from its arrival: the gate's own reads count too. */
export class AnswerDeadlineListener extends Listener<typeof Events.InteractionCreate> {
  constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.InteractionCreate });
  }

  override run(interaction: Interaction): void {
    if (interaction.isChatInputCommand()) holdAnswer(interaction);
  }
}
