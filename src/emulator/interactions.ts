import type { APIModalInteractionResponseCallbackComponent } from 'discord-api-types/v10';
import { z } from 'zod';
import { EmulatorInputError, EmulatorTimeoutError, RestError } from './errors.ts';
import { MessageFlag } from './flags.ts';
import { interactionBase, type ResolvedContext } from './interaction-context.ts';
import { assertNotEmpty, buildMessageContent, parseMessageBody, type UploadedFile } from './message-payload.ts';
import { attachmentInfo, messageToApi } from './serialize.ts';
import { nextSnowflake } from './snowflake.ts';
import type { InteractionResult } from './types.ts';
import type { MessageRecord, World } from './world.ts';

/** Interaction types (Discord's InteractionType). */
export const InteractionKind = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

/** Interaction callback types (Discord's InteractionResponseType). */
export const Callback = {
  ChannelMessage: 4,
  DeferredChannelMessage: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

interface ShownModal {
  custom_id: string;
  title: string;
  components: APIModalInteractionResponseCallbackComponent[];
}

interface InteractionRecord {
  id: string;
  token: string;
  kind: number;
  name: string;
  ctx: ResolvedContext;
  /** Message the component was on (component interactions, and modals opened from one). */
  sourceMessageId: string | null;
  callbackType: number | null;
  originalMessageId: string | null;
  followUpIds: string[];
  expired: boolean;
  settled: boolean;
  resolve: (result: InteractionResult) => void;
  reject: (error: Error) => void;
  timers: NodeJS.Timeout[];
}

const callbackSchema = z.object({ type: z.number().int(), data: z.unknown().optional() });
const autocompleteSchema = z.object({
  choices: z.array(z.object({ name: z.string().min(1).max(100), value: z.union([z.string(), z.number()]) }).loose()).max(25),
});
const modalSchema = z.object({
  custom_id: z.string().min(1).max(100),
  title: z.string().min(1).max(45),
  components: z.array(z.object({ type: z.number().int() }).loose()).min(1).max(5),
});

export interface DispatchInput {
  kind: number;
  /** Command name or custom_id, for error messages and message metadata. */
  name: string;
  ctx: ResolvedContext;
  data: unknown;
  sourceMessage?: MessageRecord;
  timeoutMs: number;
}

/**
 * Sends interactions to the bot and follows its answer through the callback and webhook routes,
 * resolving each driven interaction to an {@link InteractionResult}.
 */
export class InteractionDriver {
  private readonly byId = new Map<string, InteractionRecord>();
  private readonly byToken = new Map<string, InteractionRecord>();
  private readonly modals = new Map<string, { modal: ShownModal; record: InteractionRecord }>();

  constructor(
    private readonly world: World,
    private readonly send: (event: string, data: unknown) => void,
    private readonly ackDeadlineMs: number,
  ) {}

  /** Builds and sends INTERACTION_CREATE; the promise settles with the bot's response. */
  dispatch(input: DispatchInput): Promise<InteractionResult> {
    return new Promise<InteractionResult>((resolve, reject) => {
      const record: InteractionRecord = {
        id: nextSnowflake(),
        token: `emulated-interaction-token-${nextSnowflake()}`,
        kind: input.kind,
        name: input.name,
        ctx: input.ctx,
        sourceMessageId: input.sourceMessage?.id ?? null,
        callbackType: null,
        originalMessageId: null,
        followUpIds: [],
        expired: false,
        settled: false,
        resolve,
        reject,
        timers: [],
      };
      this.byId.set(record.id, record);
      this.byToken.set(record.token, record);
      const timer = setTimeout(() => {
        const state =
          record.callbackType === null
            ? 'it never acknowledged it'
            : `it acknowledged with callback type ${record.callbackType} but never edited the reply or sent a follow-up`;
        this.fail(record, new EmulatorTimeoutError(`The bot did not answer interaction "${record.name}" (${record.id}) within ${input.timeoutMs} ms: ${state}`));
      }, input.timeoutMs);
      timer.unref();
      record.timers.push(timer);
      const payload: Record<string, unknown> = {
        ...interactionBase(this.world, input.ctx),
        id: record.id,
        type: input.kind,
        token: record.token,
        data: input.data,
      };
      if (input.sourceMessage) payload.message = messageToApi(this.world, input.sourceMessage);
      this.send('INTERACTION_CREATE', payload);
    });
  }

  /** The gateway wrote the interaction on the socket: Discord's 3-second acknowledgement clock starts. */
  onDelivered(data: unknown): void {
    if (this.ackDeadlineMs <= 0) return;
    const id = (data as { id?: string }).id;
    const record = id ? this.byId.get(id) : undefined;
    if (!record) return;
    const timer = setTimeout(() => {
      if (record.callbackType !== null) return;
      record.expired = true;
      this.fail(
        record,
        new EmulatorTimeoutError(
          `The bot did not acknowledge interaction "${record.name}" (${record.id}) within ${this.ackDeadlineMs} ms; Discord would show "The application did not respond" (defer the reply for long work)`,
        ),
      );
    }, this.ackDeadlineMs);
    timer.unref();
    record.timers.push(timer);
  }

  /** The modal most recently shown with this custom_id, and the interaction that showed it. */
  shownModal(customId: string): { modal: ShownModal; ctx: ResolvedContext; sourceMessageId: string | null } {
    const entry = this.modals.get(customId);
    if (!entry) {
      throw new EmulatorInputError(
        `No modal with custom_id "${customId}" was shown by the bot. Shown: ${[...this.modals.keys()].map((k) => `"${k}"`).join(', ') || '(none)'}`,
      );
    }
    return { modal: entry.modal, ctx: entry.record.ctx, sourceMessageId: entry.record.sourceMessageId };
  }

  /** Messages (original and follow-ups) that answered an interaction, in order. */
  responseMessages(interactionId: string): MessageRecord[] {
    const record = this.byId.get(interactionId);
    if (!record) return [];
    const ids = [record.originalMessageId, ...record.followUpIds].filter((id): id is string => id !== null);
    return ids.map((id) => this.world.messages.get(id)).filter((m): m is MessageRecord => m !== undefined);
  }

  close(): void {
    for (const record of this.byId.values()) for (const timer of record.timers) clearTimeout(timer);
    for (const record of this.byId.values()) {
      if (!record.settled) this.fail(record, new EmulatorTimeoutError(`Emulator closed before interaction "${record.name}" was answered`));
    }
  }

  // ---------- REST side ----------

  /** POST /interactions/:id/:token/callback */
  callback(id: string, token: string, rawBody: unknown, files: UploadedFile[], withResponse: boolean): { status: number; body?: unknown } {
    const record = this.byId.get(id);
    if (!record || record.token !== token || record.expired) throw new RestError(404, 10062, 'Unknown interaction');
    if (record.callbackType !== null) throw new RestError(400, 40060, 'Interaction has already been acknowledged.');
    const parsed = callbackSchema.safeParse(rawBody);
    if (!parsed.success) throw new RestError(400, 50035, 'Invalid Form Body', z.treeifyError(parsed.error));
    const { type, data } = parsed.data;
    const allowed = this.allowedCallbacks(record);
    if (!allowed.includes(type)) {
      throw new RestError(400, 50035, 'Invalid Form Body', {
        type: `Callback type ${type} is not valid for interaction type ${record.kind}; allowed: ${allowed.join(', ')}`,
      });
    }
    let message: MessageRecord | null = null;
    switch (type) {
      case Callback.ChannelMessage: {
        const body = parseMessageBody(data);
        const content = buildMessageContent(this.world, record.ctx.channel.id, body, files);
        assertNotEmpty(content, body);
        message = this.createResponseMessage(record, { ...content, flags: content.flags & MessageFlag.Ephemeral });
        record.originalMessageId = message.id;
        break;
      }
      case Callback.DeferredChannelMessage: {
        const flags = ((data as { flags?: number } | undefined)?.flags ?? 0) & MessageFlag.Ephemeral;
        message = this.createResponseMessage(record, { content: '', embeds: [], components: [], attachments: [], flags: flags | MessageFlag.Loading });
        record.originalMessageId = message.id;
        break;
      }
      case Callback.DeferredUpdateMessage:
        record.originalMessageId = record.sourceMessageId;
        message = record.sourceMessageId ? (this.world.messages.get(record.sourceMessageId) ?? null) : null;
        break;
      case Callback.UpdateMessage: {
        const source = record.sourceMessageId ? this.world.messages.get(record.sourceMessageId) : undefined;
        if (!source) throw new RestError(404, 10008, 'Unknown Message');
        const body = parseMessageBody(data);
        const content = buildMessageContent(this.world, source.channelId, body, files, source);
        Object.assign(source, { ...content, flags: source.flags });
        this.world.touchMessage(source);
        record.originalMessageId = source.id;
        message = source;
        break;
      }
      case Callback.AutocompleteResult: {
        const result = autocompleteSchema.safeParse(data);
        if (!result.success) throw new RestError(400, 50035, 'Invalid Form Body', z.treeifyError(result.error));
        record.callbackType = type;
        this.settle(record, { ...this.emptyResult(record, type), choices: result.data.choices.map((c) => ({ name: c.name, value: c.value })) });
        return this.callbackResponse(record, null, withResponse);
      }
      case Callback.Modal: {
        const result = modalSchema.safeParse(data);
        if (!result.success) throw new RestError(400, 50035, 'Invalid Form Body', z.treeifyError(result.error));
        const modal: ShownModal = {
          custom_id: result.data.custom_id,
          title: result.data.title,
          components: result.data.components as unknown as APIModalInteractionResponseCallbackComponent[],
        };
        this.modals.set(modal.custom_id, { modal, record });
        record.callbackType = type;
        this.settle(record, { ...this.emptyResult(record, type), modal });
        return this.callbackResponse(record, null, withResponse);
      }
    }
    record.callbackType = type;
    if (type === Callback.ChannelMessage || type === Callback.UpdateMessage) {
      if (message) this.settle(record, this.resultFrom(record, type, message));
    }
    return this.callbackResponse(record, message, withResponse);
  }

  private allowedCallbacks(record: InteractionRecord): number[] {
    switch (record.kind) {
      case InteractionKind.ApplicationCommand:
        return [Callback.ChannelMessage, Callback.DeferredChannelMessage, Callback.Modal];
      case InteractionKind.MessageComponent:
        return [Callback.ChannelMessage, Callback.DeferredChannelMessage, Callback.DeferredUpdateMessage, Callback.UpdateMessage, Callback.Modal];
      case InteractionKind.Autocomplete:
        return [Callback.AutocompleteResult];
      case InteractionKind.ModalSubmit:
        return record.sourceMessageId
          ? [Callback.ChannelMessage, Callback.DeferredChannelMessage, Callback.DeferredUpdateMessage, Callback.UpdateMessage]
          : [Callback.ChannelMessage, Callback.DeferredChannelMessage];
      default:
        return [];
    }
  }

  private callbackResponse(record: InteractionRecord, message: MessageRecord | null, withResponse: boolean): { status: number; body?: unknown } {
    if (!withResponse) return { status: 204 };
    const interaction: Record<string, unknown> = { id: record.id, type: record.kind };
    if (message) {
      interaction.response_message_id = message.id;
      interaction.response_message_loading = (message.flags & MessageFlag.Loading) !== 0;
      interaction.response_message_ephemeral = (message.flags & MessageFlag.Ephemeral) !== 0;
    }
    return {
      status: 200,
      body: { interaction, resource: { type: record.callbackType, ...(message ? { message: messageToApi(this.world, message) } : {}) } },
    };
  }

  private createResponseMessage(
    record: InteractionRecord,
    content: Pick<MessageRecord, 'content' | 'embeds' | 'components' | 'attachments' | 'flags'>,
  ): MessageRecord {
    return this.world.createMessage({
      ...content,
      channelId: record.ctx.channel.id,
      authorId: this.world.bot.id,
      type: record.kind === InteractionKind.ApplicationCommand ? 20 : 0,
      interaction: { id: record.id, type: record.kind, name: record.name, userId: record.ctx.userId },
      webhookId: this.world.applicationId,
    });
  }

  private recordForToken(applicationId: string, token: string): InteractionRecord {
    const record = this.byToken.get(token);
    // Discord answers an unknown or not-yet-acknowledged interaction token as an unknown webhook.
    if (!record || applicationId !== this.world.applicationId || record.callbackType === null) {
      throw new RestError(404, 10015, 'Unknown Webhook');
    }
    return record;
  }

  private messageOf(record: InteractionRecord, messageId: string): MessageRecord {
    const id = messageId === '@original' ? record.originalMessageId : messageId;
    const owned = id !== null && (id === record.originalMessageId || record.followUpIds.includes(id));
    const message = owned && id ? this.world.messages.get(id) : undefined;
    if (!message) throw new RestError(404, 10008, 'Unknown Message');
    return message;
  }

  /** GET /webhooks/:app/:token/messages/:id */
  getMessage(applicationId: string, token: string, messageId: string): unknown {
    const record = this.recordForToken(applicationId, token);
    return messageToApi(this.world, this.messageOf(record, messageId));
  }

  /** PATCH /webhooks/:app/:token/messages/:id; the first edit of a deferred reply completes it. */
  editMessage(applicationId: string, token: string, messageId: string, rawBody: unknown, files: UploadedFile[]): unknown {
    const record = this.recordForToken(applicationId, token);
    const message = this.messageOf(record, messageId);
    const body = parseMessageBody(rawBody);
    const content = buildMessageContent(this.world, message.channelId, body, files, message);
    // Ephemerality is fixed when the message is created; editing cannot change it.
    const flags = (content.flags & ~MessageFlag.Loading & ~MessageFlag.Ephemeral) | (message.flags & MessageFlag.Ephemeral);
    const wasLoading = (message.flags & MessageFlag.Loading) !== 0;
    Object.assign(message, { ...content, flags });
    if (wasLoading) assertNotEmpty(content, body);
    this.world.touchMessage(message);
    if (message.id === record.originalMessageId) this.settleDeferred(record, message);
    return messageToApi(this.world, message);
  }

  /** DELETE /webhooks/:app/:token/messages/:id */
  deleteMessage(applicationId: string, token: string, messageId: string): void {
    const record = this.recordForToken(applicationId, token);
    const message = this.messageOf(record, messageId);
    this.world.deleteMessage(message);
  }

  /** POST /webhooks/:app/:token — a follow-up; after a deferred reply, the first one fills the deferred message. */
  followUp(applicationId: string, token: string, rawBody: unknown, files: UploadedFile[]): unknown {
    const record = this.recordForToken(applicationId, token);
    const body = parseMessageBody(rawBody);
    const original = record.originalMessageId ? this.world.messages.get(record.originalMessageId) : undefined;
    if (original && (original.flags & MessageFlag.Loading) !== 0) {
      const content = buildMessageContent(this.world, original.channelId, body, files);
      assertNotEmpty(content, body);
      Object.assign(original, { ...content, flags: original.flags & MessageFlag.Ephemeral });
      this.world.touchMessage(original);
      this.settleDeferred(record, original);
      return messageToApi(this.world, original);
    }
    const content = buildMessageContent(this.world, record.ctx.channel.id, body, files);
    assertNotEmpty(content, body);
    const message = this.createResponseMessage(record, { ...content, flags: content.flags & MessageFlag.Ephemeral });
    record.followUpIds.push(message.id);
    this.settleDeferred(record, message);
    return messageToApi(this.world, message);
  }

  private settleDeferred(record: InteractionRecord, message: MessageRecord): void {
    if (record.callbackType === Callback.DeferredChannelMessage || record.callbackType === Callback.DeferredUpdateMessage) {
      this.settle(record, this.resultFrom(record, record.callbackType, message));
    }
  }

  // ---------- results ----------

  private emptyResult(record: InteractionRecord, type: number): InteractionResult {
    return { type, content: '', embeds: [], components: [], ephemeral: false, attachments: [], interactionId: record.id };
  }

  private resultFrom(record: InteractionRecord, type: number, message: MessageRecord): InteractionResult {
    return {
      type,
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      ephemeral: (message.flags & MessageFlag.Ephemeral) !== 0,
      attachments: message.attachments.map(attachmentInfo),
      messageId: message.id,
      interactionId: record.id,
    };
  }

  private settle(record: InteractionRecord, result: InteractionResult): void {
    if (record.settled) return;
    record.settled = true;
    for (const timer of record.timers) clearTimeout(timer);
    // Structured clone so later edits of the stored message do not change a result the test holds.
    record.resolve(structuredClone(result));
  }

  private fail(record: InteractionRecord, error: Error): void {
    if (record.settled) return;
    record.settled = true;
    for (const timer of record.timers) clearTimeout(timer);
    record.reject(error);
  }
}
