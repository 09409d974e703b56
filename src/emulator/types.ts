import type { APIEmbed, APIMessageTopLevelComponent, APIModalInteractionResponseCallbackComponent } from 'discord-api-types/v10';

/** Minimal logger contract; a pino logger fits it. */
export interface EmulatorLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port, 0 (default) picks a free one. */
  port?: number;
  /** Only loopback is supported. */
  host?: '127.0.0.1';
  /** Identity of the bot user the client logs in as. */
  botUser?: { id?: string; username?: string };
  /** Receives debug logs and a warning for each unknown route the bot called. */
  logger?: EmulatorLogger;
  /** Gateway heartbeat interval announced in HELLO (default 41250 ms, as Discord). */
  heartbeatIntervalMs?: number;
  /**
   * How long the bot has to acknowledge an interaction after it was delivered (default 3000 ms, as Discord);
   * 0 disables the check.
   */
  interactionAckDeadlineMs?: number;
  /** Default time the driving methods wait for the bot's response (default 15000 ms). */
  interactionTimeoutMs?: number;
}

/** An attachment the test passes as the value of an ATTACHMENT option. */
export interface EmulatorAttachmentInput {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

/** A value the test gives for a command option. */
export type CommandOptionInput = string | number | boolean | EmulatorAttachmentInput;

/** Where an interaction happens and who triggers it; every field is optional. */
export interface InteractionContextInput {
  /** Guild the interaction happens in; defaults to the channel's guild, else the first guild created. */
  guildId?: string;
  /** Channel; defaults to the guild's first text channel, or the user's DM channel when `dm` is set. */
  channelId?: string;
  /** The user who triggers the interaction; defaults to {@link Emulator.defaultUserId}. */
  userId?: string;
  /** Run in the user's DM channel with the bot instead of a guild. */
  dm?: boolean;
  /** User locale sent with the interaction (default en-US). */
  locale?: string;
  /** How long to wait for the bot's response (default {@link EmulatorOptions.interactionTimeoutMs}). */
  timeoutMs?: number;
}

/** Input of {@link Emulator.runCommand}. */
export interface RunCommandInput extends InteractionContextInput {
  /** Full command path: name, then subcommand group and/or subcommand, separated by spaces. */
  command: string;
  options?: Record<string, CommandOptionInput>;
}

/** Input of {@link Emulator.autocomplete}. */
export interface AutocompleteInput extends InteractionContextInput {
  command: string;
  /** Values typed so far; the focused one's value is what the user is typing (a string). */
  options?: Record<string, CommandOptionInput>;
  /** Name of the option being typed in. */
  focused: string;
}

/** Input of {@link Emulator.pressButton}. */
export interface PressButtonInput extends InteractionContextInput {
  messageId: string;
  customId: string;
}

/** Input of {@link Emulator.selectMenu}. */
export interface SelectMenuInput extends InteractionContextInput {
  messageId: string;
  customId: string;
  values: string[];
}

/** Input of {@link Emulator.submitModal}. */
export interface SubmitModalInput extends InteractionContextInput {
  customId: string;
  /** Text input custom_id → value. */
  fields: Record<string, string>;
}

/** Metadata of a stored attachment; `url` downloads the bytes from the emulator. */
export interface AttachmentInfo {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  url: string;
}

/** The bot's response to a driven interaction, as plain data. */
export interface InteractionResult {
  /** Interaction callback type the bot used (4 reply, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  type: number;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  ephemeral: boolean;
  attachments: AttachmentInfo[];
  /** Id of the message holding the response, when there is one. */
  messageId?: string;
  interactionId: string;
  /** Autocomplete choices (type 8). */
  choices?: { name: string; value: string | number }[];
  /** The modal the bot showed (type 9). */
  modal?: { custom_id: string; title: string; components: APIModalInteractionResponseCallbackComponent[] };
}

/** A message as stored by the emulator. */
export interface EmulatedMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachments: AttachmentInfo[];
  flags: number;
  ephemeral: boolean;
  /** Set when the message answers an interaction (reply or follow-up). */
  interactionId?: string;
  createdAt: string;
  editedAt: string | null;
  /** Whether it is pinned in its channel. */
  pinned: boolean;
}

/** Plain JSON snapshot of the world, from {@link Emulator.state}. */
export interface WorldState {
  guilds: {
    id: string;
    name: string;
    owner_id: string;
    channels: { id: string; name: string | null; type: number; parent_id: string | null }[];
    roles: { id: string; name: string; permissions: string; position: number }[];
    members: { user_id: string; roles: string[] }[];
  }[];
  users: { id: string; username: string; bot: boolean }[];
}
