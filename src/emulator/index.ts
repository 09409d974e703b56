import { EventEmitter } from 'node:events';
import type { APIApplicationCommand } from 'discord-api-types/v10';
import { EmulatorInputError, EmulatorTimeoutError } from './errors.ts';
import { buildCommandData } from './command-options.ts';
import { ComponentType, findInteractive, modalSubmitComponents, modalTextInputs } from './components.ts';
import { Gateway, type RequestGuildMembers } from './gateway.ts';
import { resolveContext } from './interaction-context.ts';
import { InteractionDriver, InteractionKind } from './interactions.ts';
import { MessageFlag } from './flags.ts';
import { ResolvedBuilder } from './resolved.ts';
import { buildRoutes } from './rest-routes.ts';
import { guildToApi, memberToApi, messageView, userToApi } from './serialize.ts';
import { HttpFront, type RecordedRequest } from './server.ts';
import { nextSnowflake } from './snowflake.ts';
import type {
  AutocompleteInput,
  EmulatedMessage,
  EmulatorLogger,
  EmulatorOptions,
  InteractionResult,
  PressButtonInput,
  RunCommandInput,
  SelectMenuInput,
  SubmitModalInput,
  WorldState,
} from './types.ts';
import {
  World,
  type ChannelRecord,
  type CreateChannelInput,
  type CreateGuildInput,
  type CreateRoleInput,
  type CreateUserInput,
  type GuildRecord,
  type MemberRecord,
  type MessageRecord,
  type RoleRecord,
  type UserRecord,
} from './world.ts';

export { EmulatorInputError, EmulatorTimeoutError } from './errors.ts';
export type * from './types.ts';
export type { ChannelRecord, CreateChannelInput, CreateGuildInput, CreateRoleInput, CreateUserInput, GuildRecord, MemberRecord, RoleRecord, UserRecord } from './world.ts';
export type { RecordedRequest } from './server.ts';

const silentLogger: EmulatorLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** Events of {@link Emulator.on}. */
export interface EmulatorEvents {
  /** A message was created (by the bot or by {@link Emulator.sendUserMessage}); ephemeral ones included. */
  message: [EmulatedMessage];
  /** A stored message was edited. */
  messageUpdate: [EmulatedMessage];
  /** A client identified (fresh session). */
  ready: [string];
  /** A client resumed its session. */
  resumed: [string];
  /** The client's socket closed. */
  disconnect: [number];
}

/**
 * A running Discord API v10 emulator: REST + gateway on loopback that a real discord.js client
 * talks to, an in-memory world to arrange, and methods that drive interactions like a user would.
 */
export class Emulator extends EventEmitter<EmulatorEvents> {
  /** Token to give `client.login`; any token is accepted. */
  readonly token = 'emulated-bot-token';

  /** @internal */
  constructor(
    /** Base URL, `http://127.0.0.1:PORT`. */
    readonly url: string,
    private readonly world: World,
    private readonly gateway: Gateway,
    private readonly http: HttpFront,
    private readonly driver: InteractionDriver,
    private readonly interactionTimeoutMs: number,
  ) {
    super();
    world.on('message', (m: MessageRecord) => this.emit('message', messageView(m)));
    world.on('messageUpdate', (m: MessageRecord) => this.emit('messageUpdate', messageView(m)));
    gateway.on('ready', (id: string) => this.emit('ready', id));
    gateway.on('resumed', (id: string) => this.emit('resumed', id));
    gateway.on('disconnect', (code: number) => this.emit('disconnect', code));
  }

  /** What to give discord.js as `rest.api`. */
  get apiUrl(): string {
    return `${this.url}/api`;
  }

  get applicationId(): string {
    return this.world.applicationId;
  }

  get botUserId(): string {
    return this.world.bot.id;
  }

  /** The user interactions come from when no userId is given: a plain member (no roles) of every guild created. */
  get defaultUserId(): string {
    return this.world.defaultUser.id;
  }

  /** Owner of the guilds created without `ownerId`. */
  get ownerUserId(): string {
    return this.world.ownerUser.id;
  }

  /** Token the client last identified with on the gateway, or null before any IDENTIFY. */
  get identifiedToken(): string | null {
    return this.gateway.lastToken;
  }

  /** True while a client is connected to the gateway. */
  get connected(): boolean {
    return this.gateway.connected;
  }

  /** REST calls the bot made to routes the emulator does not implement ("METHOD /path"). */
  get unknownRoutes(): readonly string[] {
    return this.http.unknownRoutes;
  }

  /** Every REST call the bot made, with the status it got. */
  get requests(): readonly RecordedRequest[] {
    return this.http.requests;
  }

  // ---------- world ----------

  /** Creates a guild (with @everyone, the bot's managed role, #general, the owner, the default user and the bot as members); dispatches GUILD_CREATE. */
  createGuild(input: CreateGuildInput): GuildRecord {
    return this.world.createGuild(input);
  }

  /** The bot leaves the guild: dispatches GUILD_DELETE. */
  removeGuild(guildId: string): void {
    this.world.removeGuild(guildId);
  }

  /** Creates a guild channel (0 text, 2 voice, 4 category, ...); dispatches CHANNEL_CREATE. */
  createChannel(guildId: string, input: CreateChannelInput): ChannelRecord {
    return this.world.createChannel(guildId, input);
  }

  /** Deletes a channel; dispatches CHANNEL_DELETE. */
  deleteChannel(channelId: string): void {
    this.world.deleteChannel(channelId);
  }

  /** Creates a role; dispatches GUILD_ROLE_CREATE. */
  createRole(guildId: string, input: CreateRoleInput): RoleRecord {
    return this.world.createRole(guildId, input);
  }

  /** Changes a role; dispatches GUILD_ROLE_UPDATE. */
  updateRole(guildId: string, roleId: string, patch: Partial<Omit<CreateRoleInput, 'id'>>): RoleRecord {
    return this.world.updateRole(guildId, roleId, patch);
  }

  /** Deletes a role; dispatches GUILD_ROLE_DELETE. */
  deleteRole(guildId: string, roleId: string): void {
    this.world.deleteRole(guildId, roleId);
  }

  /** Creates a user (not a member of any guild yet). */
  createUser(input: CreateUserInput): UserRecord {
    return this.world.createUser(input);
  }

  /** Adds a user to a guild; dispatches GUILD_MEMBER_ADD (needs the GuildMembers intent, as on Discord). */
  addMember(guildId: string, userId: string, roleIds?: string[]): MemberRecord {
    return this.world.addMember(guildId, userId, roleIds);
  }

  /** Replaces a member's roles; dispatches GUILD_MEMBER_UPDATE. */
  setMemberRoles(guildId: string, userId: string, roleIds: string[]): MemberRecord {
    return this.world.setMemberRoles(guildId, userId, roleIds);
  }

  /** Removes a member; dispatches GUILD_MEMBER_REMOVE (removing the bot is leaving the guild). */
  removeMember(guildId: string, userId: string): void {
    this.world.removeMember(guildId, userId);
  }

  /** A member's computed permissions (in a channel when given), as Discord would compute them. */
  permissionsOf(guildId: string, userId: string, channelId?: string): bigint {
    return this.world.permissions(guildId, userId, channelId);
  }

  /** The DM channel between the bot and a user (created if needed). */
  dmChannel(userId: string): ChannelRecord {
    return this.world.dmChannel(userId);
  }

  /**
   * The user stops accepting DMs from the bot (privacy settings): opening the DM channel still works, as on
   * Discord, but sending a message in it answers 403 code 50007 "Cannot send messages to this user".
   */
  closeDms(userId: string): void {
    this.world.setDmsOpen(userId, false);
  }

  /** The user accepts DMs from the bot again (the default). */
  openDms(userId: string): void {
    this.world.setDmsOpen(userId, true);
  }

  /** Plain JSON snapshot of guilds (channels, roles, members) and users. */
  state(): WorldState {
    return this.world.state();
  }

  /** Commands the bot registered, global ones or those of a guild. */
  registeredCommands(guildId?: string): APIApplicationCommand[] {
    return [...(this.world.commands.get(guildId ?? 'global')?.values() ?? [])].map((c) => structuredClone(c));
  }

  // ---------- messages ----------

  /**
   * Non-ephemeral messages in a channel, oldest first: by default those the bot posted (including
   * interaction replies and follow-ups); `includeUsers` adds messages from {@link sendUserMessage}.
   */
  messages(channelId: string, options: { includeUsers?: boolean } = {}): EmulatedMessage[] {
    this.world.channel(channelId);
    return (this.world.channelMessages.get(channelId) ?? [])
      .filter((m) => (m.flags & MessageFlag.Ephemeral) === 0)
      .filter((m) => options.includeUsers || m.authorId === this.world.bot.id)
      .map(messageView);
  }

  /** Threads opened in a channel (by the bot or with {@link createThread}), oldest first. */
  threads(parentId: string): ChannelRecord[] {
    const parent = this.world.channel(parentId);
    return parent.guildId === null ? [] : this.world.guildThreads(parent.guildId).filter((c) => c.parentId === parentId);
  }

  /** A member opens a public thread in a text channel (THREAD_CREATE reaches the bot). */
  createThread(parentId: string, input: { name: string; userId?: string }): ChannelRecord {
    return this.world.createThread(parentId, { name: input.name, type: 11, ownerId: input.userId ?? this.world.defaultUser.id });
  }

  /** Messages pinned in a channel or thread, the latest pin first. */
  pinnedMessages(channelId: string): EmulatedMessage[] {
    this.world.channel(channelId);
    return this.world.pinnedMessages(channelId).map(messageView);
  }

  /** One stored message by id (ephemeral ones included), or undefined. */
  message(messageId: string): EmulatedMessage | undefined {
    const message = this.world.messages.get(messageId);
    return message ? messageView(message) : undefined;
  }

  /** Messages that answered an interaction (original response, then follow-ups), ephemeral ones included. */
  interactionMessages(interactionId: string): EmulatedMessage[] {
    return this.driver.responseMessages(interactionId).map(messageView);
  }

  /** Bytes of a stored attachment (also downloadable over HTTP at its `url`). */
  attachmentData(attachmentId: string): Buffer {
    const attachment = this.world.attachments.get(attachmentId);
    if (!attachment) throw new EmulatorInputError(`Unknown attachment "${attachmentId}"`);
    return attachment.data;
  }

  /** A user writes in a channel: dispatches MESSAGE_CREATE to the bot. */
  sendUserMessage(channelId: string, userId: string, content: string): EmulatedMessage {
    const channel = this.world.channel(channelId);
    this.world.user(userId);
    if (channel.guildId) this.world.member(channel.guildId, userId);
    const message = this.world.createMessage({
      channelId,
      authorId: userId,
      content,
      embeds: [],
      components: [],
      attachments: [],
      flags: 0,
      type: 0,
      interaction: null,
      webhookId: null,
    });
    return messageView(message);
  }

  /**
   * Resolves with the first message (created or edited) matching the predicate, including ones
   * already stored; rejects with EmulatorTimeoutError after `timeoutMs`.
   */
  waitForMessage(predicate: (message: EmulatedMessage) => boolean, timeoutMs = this.interactionTimeoutMs): Promise<EmulatedMessage> {
    const existing = [...this.world.messages.values()].map(messageView).find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const onMessage = (message: EmulatedMessage) => {
        if (!predicate(message)) return;
        cleanup();
        resolve(message);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new EmulatorTimeoutError(`No matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      const cleanup = () => {
        clearTimeout(timer);
        this.off('message', onMessage);
        this.off('messageUpdate', onMessage);
      };
      this.on('message', onMessage);
      this.on('messageUpdate', onMessage);
    });
  }

  // ---------- interactions ----------

  /**
   * Runs a slash command as a user would: resolves `command` ("name [group] [subcommand]") against
   * the commands the bot registered, validates and builds the options, sends INTERACTION_CREATE and
   * resolves with the bot's response (following a deferred reply to its first edit or follow-up).
   * @throws EmulatorInputError for unknown commands/options, wrong types, missing required options, unknown ids.
   */
  async runCommand(input: RunCommandInput): Promise<InteractionResult> {
    const timeoutMs = input.timeoutMs ?? this.interactionTimeoutMs;
    await this.ensureReady(timeoutMs);
    const ctx = resolveContext(this.world, input);
    const { command, data } = buildCommandData(this.world, {
      path: input.command,
      options: input.options ?? {},
      guildId: ctx.guildId,
      userId: ctx.userId,
      channelId: ctx.channel.id,
    });
    return this.driver.dispatch({ kind: InteractionKind.ApplicationCommand, name: command.name, ctx, data, timeoutMs });
  }

  /** Sends an APPLICATION_COMMAND_AUTOCOMPLETE interaction with `focused` marked; resolves with the choices. */
  async autocomplete(input: AutocompleteInput): Promise<InteractionResult> {
    const timeoutMs = input.timeoutMs ?? this.interactionTimeoutMs;
    await this.ensureReady(timeoutMs);
    const ctx = resolveContext(this.world, input);
    const { command, data } = buildCommandData(this.world, {
      path: input.command,
      options: input.options ?? {},
      guildId: ctx.guildId,
      userId: ctx.userId,
      channelId: ctx.channel.id,
      focused: input.focused,
    });
    return this.driver.dispatch({ kind: InteractionKind.Autocomplete, name: command.name, ctx, data, timeoutMs });
  }

  /** Presses a button on a message the bot sent; resolves with the bot's response (update, defer-update, reply...). */
  async pressButton(input: PressButtonInput): Promise<InteractionResult> {
    const timeoutMs = input.timeoutMs ?? this.interactionTimeoutMs;
    await this.ensureReady(timeoutMs);
    const message = this.botMessage(input.messageId, input.channelId);
    findInteractive(message.components, input.customId, 'button', message.id);
    const ctx = resolveContext(this.world, input, message.channelId);
    const data = { custom_id: input.customId, component_type: ComponentType.Button };
    return this.driver.dispatch({ kind: InteractionKind.MessageComponent, name: input.customId, ctx, data, sourceMessage: message, timeoutMs });
  }

  /** Picks values in a select menu (string, user, role, mentionable or channel select) on a bot message. */
  async selectMenu(input: SelectMenuInput): Promise<InteractionResult> {
    const timeoutMs = input.timeoutMs ?? this.interactionTimeoutMs;
    await this.ensureReady(timeoutMs);
    const message = this.botMessage(input.messageId, input.channelId);
    const component = findInteractive(message.components, input.customId, 'select', message.id);
    const ctx = resolveContext(this.world, input, message.channelId);
    const min = component.min_values ?? 1;
    const max = component.max_values ?? 1;
    if (input.values.length < min || input.values.length > max) {
      throw new EmulatorInputError(`Select "${input.customId}" takes ${min === max ? min : `${min} to ${max}`} value(s), got ${input.values.length}`);
    }
    const resolved = new ResolvedBuilder(this.world, ctx.guildId);
    for (const value of input.values) {
      switch (component.type) {
        case ComponentType.StringSelect: {
          const options = component.options ?? [];
          if (!options.some((o) => o.value === value)) {
            throw new EmulatorInputError(
              `Value "${value}" is not an option of select "${input.customId}". Options: ${options.map((o) => `"${o.value}"`).join(', ')}`,
            );
          }
          break;
        }
        case ComponentType.UserSelect:
          resolved.addUser(value);
          break;
        case ComponentType.RoleSelect:
          resolved.addRole(value);
          break;
        case ComponentType.MentionableSelect:
          resolved.addMentionable(value);
          break;
        case ComponentType.ChannelSelect:
          resolved.addChannel(value);
          break;
      }
    }
    const data: Record<string, unknown> = { custom_id: input.customId, component_type: component.type, values: input.values };
    if (!resolved.isEmpty) data.resolved = resolved.data;
    return this.driver.dispatch({ kind: InteractionKind.MessageComponent, name: input.customId, ctx, data, sourceMessage: message, timeoutMs });
  }

  /**
   * Submits the modal the bot most recently showed with this custom_id, by default as the user
   * and in the channel of the interaction that opened it.
   */
  async submitModal(input: SubmitModalInput): Promise<InteractionResult> {
    const timeoutMs = input.timeoutMs ?? this.interactionTimeoutMs;
    await this.ensureReady(timeoutMs);
    const shown = this.driver.shownModal(input.customId);
    const inputs = modalTextInputs(shown.modal.components);
    const known = inputs.map((i) => i.custom_id as string);
    for (const key of Object.keys(input.fields)) {
      if (!known.includes(key)) {
        throw new EmulatorInputError(`Modal "${input.customId}" has no text input "${key}". Inputs: ${known.map((k) => `"${k}"`).join(', ') || '(none)'}`);
      }
    }
    for (const field of inputs) {
      const id = field.custom_id as string;
      const value = input.fields[id];
      if (value === undefined || value === '') {
        if (field.required !== false) throw new EmulatorInputError(`Modal "${input.customId}": text input "${id}" is required`);
        continue;
      }
      if (field.min_length !== undefined && value.length < field.min_length) {
        throw new EmulatorInputError(`Modal "${input.customId}": "${id}" must be at least ${field.min_length} characters`);
      }
      if (field.max_length !== undefined && value.length > field.max_length) {
        throw new EmulatorInputError(`Modal "${input.customId}": "${id}" must be at most ${field.max_length} characters`);
      }
    }
    const ctx = resolveContext(this.world, {
      ...input,
      userId: input.userId ?? shown.ctx.userId,
      ...(input.channelId === undefined && !input.dm ? { channelId: shown.ctx.channel.id } : {}),
    });
    const sourceMessage = shown.sourceMessageId ? this.world.messages.get(shown.sourceMessageId) : undefined;
    const data = { custom_id: input.customId, components: modalSubmitComponents(shown.modal.components, input.fields) };
    return this.driver.dispatch({
      kind: InteractionKind.ModalSubmit,
      name: input.customId,
      ctx,
      data,
      ...(sourceMessage ? { sourceMessage } : {}),
      timeoutMs,
    });
  }

  // ---------- connection & faults ----------

  /** Resolves once a client has identified and received its guilds. */
  waitForReady(): Promise<void> {
    return this.gateway.waitForReady();
  }

  /**
   * Makes the next REST request matching `routeMatcher` answer 429 with `retry_after`, as Discord's
   * rate limiter does; discord.js waits and retries by itself. A string matches a path substring
   * ("/channels/1/messages") or "METHOD path" ("POST /channels"); a RegExp is tested on "METHOD /path".
   */
  rateLimitNext(retryAfterSeconds: number): void;
  rateLimitNext(routeMatcher: string | RegExp | undefined, retryAfterSeconds: number): void;
  rateLimitNext(a: number | string | RegExp | undefined, b?: number): void {
    if (typeof a === 'number') this.http.armRateLimit(undefined, a);
    else this.http.armRateLimit(a, b ?? 1);
  }

  /**
   * Enforces Discord's global rate limit: more than `perSecond` REST requests in any sliding second answer 429 with
   * `global: true` (headers `X-RateLimit-Global`, `X-RateLimit-Scope: global`, `Retry-After`). Interaction callbacks
   * and webhook routes do not count, as on Discord. Off by default; calling it again sets a new limit.
   */
  enforceGlobalRateLimit(perSecond = 50): void {
    if (!Number.isInteger(perSecond) || perSecond < 1) throw new EmulatorInputError(`perSecond must be a positive integer, got ${perSecond}`);
    this.http.enforceGlobalRateLimit(perSecond);
  }

  /** Stops enforcing the global rate limit ({@link globalRateLimitHits} keeps its count). */
  stopGlobalRateLimit(): void {
    this.http.enforceGlobalRateLimit(null);
  }

  /** Requests answered with a global 429 (each is also in {@link requests} with `global: true`). */
  get globalRateLimitHits(): number {
    return this.http.globalRateLimitHits;
  }

  /**
   * Closes the bot's gateway socket abruptly (close code 4000 by default; 0 terminates the TCP
   * connection without a close frame). discord.js reconnects and resumes; dispatches made meanwhile,
   * interactions included, are replayed on resume.
   */
  dropConnection(code = 4000): void {
    this.gateway.dropConnection(code);
  }

  /** Sends op 7 RECONNECT, asking the client to reconnect and resume. */
  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  /** Closes sockets and the server; pending driven interactions reject. */
  async close(): Promise<void> {
    this.driver.close();
    await this.gateway.close();
    await this.http.close();
  }

  private async ensureReady(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.gateway.waitForReady(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new EmulatorTimeoutError(`No bot client identified on the gateway within ${timeoutMs} ms`)), timeoutMs);
          timer.unref();
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private botMessage(messageId: string, channelId: string | undefined): MessageRecord {
    const message = this.world.messages.get(messageId);
    if (!message) throw new EmulatorInputError(`Unknown message "${messageId}" (deleted, or never sent by the bot)`);
    if (message.authorId !== this.world.bot.id) throw new EmulatorInputError(`Message ${messageId} was not sent by the bot`);
    if (channelId !== undefined && channelId !== message.channelId) {
      throw new EmulatorInputError(`Message ${messageId} is in channel ${message.channelId}, not ${channelId}`);
    }
    return message;
  }
}

/**
 * Starts an emulator on loopback. Point discord.js at it with
 * `new Client({ rest: { api: emulator.apiUrl }, intents })` and `client.login(emulator.token)`.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const logger = options.logger ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  let gateway: Gateway | null = null;
  let baseUrl = '';
  const world = new World(
    (event, data, intent) => gateway?.dispatch(event, data, intent),
    () => baseUrl,
    options.botUser ?? {},
  );
  const http = new HttpFront(world, logger, (req, socket, head) => {
    if (gateway) gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  baseUrl = await http.listen(options.port ?? 0, host);
  let driver: InteractionDriver | null = null;
  const gw: Gateway = new Gateway(
    baseUrl,
    {
      readyPayload: (sessionId) => ({
        v: 10,
        user: { ...userToApi(world.bot), verified: true, mfa_enabled: false, email: null },
        guilds: [...world.guilds.values()].filter((g) => g.members.has(world.bot.id)).map((g) => ({ id: g.id, unavailable: true })),
        session_id: sessionId,
        session_type: 'normal',
        resume_gateway_url: gw.url,
        shard: [0, 1],
        application: { id: world.applicationId, flags: 0 },
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        user_settings: {},
        auth: {},
      }),
      guildCreates: () => [...world.guilds.values()].filter((g) => g.members.has(world.bot.id)).map((g) => guildToApi(world, g, true)),
      membersChunks: (request: RequestGuildMembers) => membersChunks(world, request),
      onDelivered: (event, data) => {
        if (event === 'INTERACTION_CREATE') driver?.onDelivered(data);
      },
    },
    logger,
    options.heartbeatIntervalMs ?? 41250,
  );
  gateway = gw;
  driver = new InteractionDriver(world, (event, data) => gw.dispatch(event, data), options.interactionAckDeadlineMs ?? 3000);
  http.setRouter(buildRoutes(world, gw, driver));
  logger.debug({ url: baseUrl }, 'emulator: listening');
  return new Emulator(baseUrl, world, gw, http, driver, options.interactionTimeoutMs ?? 15000);
}

function membersChunks(world: World, request: RequestGuildMembers): unknown[] {
  const guildIds = Array.isArray(request.guild_id) ? request.guild_id : [request.guild_id];
  const userIds = request.user_ids === undefined ? undefined : Array.isArray(request.user_ids) ? request.user_ids : [request.user_ids];
  return guildIds.flatMap((guildId) => {
    const guild = world.guilds.get(guildId);
    if (!guild) return [];
    let members = [...guild.members.values()];
    if (userIds) members = members.filter((m) => userIds.includes(m.userId));
    else if (request.query) {
      const query = request.query.toLowerCase();
      members = members.filter((m) => world.users.get(m.userId)?.username.toLowerCase().startsWith(query));
    }
    if (request.limit) members = members.slice(0, request.limit);
    return [
      {
        guild_id: guildId,
        members: members.map((m) => memberToApi(world, m)),
        chunk_index: 0,
        chunk_count: 1,
        not_found: userIds ? userIds.filter((id) => !guild.members.has(id)) : [],
        ...(request.nonce ? { nonce: request.nonce } : {}),
      },
    ];
  });
}

/** Exposed for tests that need fresh ids for fixtures. */
export { nextSnowflake };
