import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import { nextSnowflake } from './snowflake.ts';
import type { EmulatorLogger } from './types.ts';

/** Gateway opcodes used here (Discord's GatewayOpcodes). */
const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** How many past dispatches a session keeps for RESUME; far more than a test produces while disconnected. */
const REPLAY_BUFFER = 5000;

interface BufferedEvent {
  s: number;
  t: string;
  d: unknown;
  delivered: boolean;
}

interface Session {
  id: string;
  seq: number;
  intents: number;
  events: BufferedEvent[];
  socket: WebSocket | null;
}

const payloadSchema = z.object({ op: z.number().int(), d: z.unknown().optional() });
const identifySchema = z.object({ token: z.string(), intents: z.number().int().nonnegative() }).loose();
const resumeSchema = z.object({ token: z.string(), session_id: z.string(), seq: z.number().int().nullable() }).loose();
const requestMembersSchema = z
  .object({
    guild_id: z.union([z.string(), z.array(z.string())]),
    query: z.string().optional(),
    limit: z.number().int().optional(),
    user_ids: z.union([z.string(), z.array(z.string())]).optional(),
    nonce: z.string().optional(),
  })
  .loose();

export type RequestGuildMembers = z.infer<typeof requestMembersSchema>;

/** What the gateway needs from the rest of the emulator to build its payloads. */
export interface GatewayHooks {
  readyPayload(sessionId: string): Record<string, unknown>;
  /** GUILD_CREATE payloads of the guilds the bot is in. */
  guildCreates(): unknown[];
  /** GUILD_MEMBERS_CHUNK payloads answering an op 8 request. */
  membersChunks(request: RequestGuildMembers): unknown[];
  /** Called when a dispatch actually left on an open socket (interactions start their ack deadline then). */
  onDelivered(event: string, data: unknown): void;
}

/**
 * The gateway side: one bot session at a time, with sequence numbers, a replay buffer for RESUME,
 * and intent filtering. Dispatches made while the client is disconnected are buffered and replayed.
 */
export class Gateway extends EventEmitter {
  readonly url: string;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private current: Session | null = null;
  /** Interactions sent before any client identified; delivered after the first READY. */
  private readonly earlyInteractions: { t: string; d: unknown }[] = [];
  private identified = false;
  private readyWaiters: (() => void)[] = [];
  /** Token of the last IDENTIFY, for tests that want to check what the bot logged in with. */
  lastToken: string | null = null;

  constructor(
    baseUrl: string,
    private readonly hooks: GatewayHooks,
    private readonly logger: EmulatorLogger,
    private readonly heartbeatIntervalMs: number,
  ) {
    super();
    this.url = `${baseUrl.replace(/^http/, 'ws')}/gateway`;
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** True while a client socket is attached to the current session. */
  get connected(): boolean {
    return this.current?.socket?.readyState === WebSocket.OPEN;
  }

  get sessionId(): string | null {
    return this.current?.id ?? null;
  }

  /** Resolves once a client has identified and received its guilds. */
  waitForReady(): Promise<void> {
    if (this.identified) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /**
   * Sends a dispatch to the bot. `intent` is the gateway intent needed to receive it (0 = none);
   * events the session did not subscribe to are dropped like Discord does.
   */
  dispatch(t: string, d: unknown, intent = 0): void {
    const session = this.current;
    if (!session) {
      // Nobody to tell; guild state reaches a future client through READY/GUILD_CREATE anyway,
      // but an interaction must not be lost.
      if (t === 'INTERACTION_CREATE') this.earlyInteractions.push({ t, d });
      return;
    }
    if (intent !== 0 && (session.intents & intent) === 0) return;
    this.sendDispatch(session, t, d);
  }

  /** Closes the bot's socket abruptly, the way a network hiccup does; discord.js resumes on its own. */
  dropConnection(code = 4000): void {
    const socket = this.current?.socket;
    if (!socket) return;
    this.logger.debug({ code }, 'emulator: dropping gateway connection');
    if (code === 0) socket.terminate();
    else socket.close(code, 'Dropped by the emulator');
  }

  /** Asks the client to reconnect and resume (op 7), as Discord does before maintenance. */
  requestReconnect(): void {
    this.current?.socket?.send(JSON.stringify({ op: Op.Reconnect, d: null }));
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private sendDispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const event: BufferedEvent = { s: session.seq, t, d, delivered: false };
    session.events.push(event);
    if (session.events.length > REPLAY_BUFFER) session.events.shift();
    this.deliver(session, event);
  }

  private deliver(session: Session, event: BufferedEvent): void {
    const socket = session.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ op: Op.Dispatch, t: event.t, s: event.s, d: event.d }));
    if (!event.delivered) {
      event.delivered = true;
      this.hooks.onDelivered(event.t, event.d);
    }
  }

  private onConnection(socket: WebSocket): void {
    let session: Session | null = null;
    socket.send(JSON.stringify({ op: Op.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs } }));
    socket.on('message', (raw: RawData) => {
      let parsed: z.infer<typeof payloadSchema>;
      try {
        parsed = payloadSchema.parse(JSON.parse(raw.toString()));
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      switch (parsed.op) {
        case Op.Heartbeat:
          socket.send(JSON.stringify({ op: Op.HeartbeatAck, d: null }));
          return;
        case Op.Identify: {
          if (session) {
            socket.close(4005, 'Already authenticated.');
            return;
          }
          const identify = identifySchema.safeParse(parsed.d);
          if (!identify.success) {
            socket.close(4002, 'Error while decoding payload.');
            return;
          }
          session = this.identify(socket, identify.data.token, identify.data.intents);
          return;
        }
        case Op.Resume: {
          const resume = resumeSchema.safeParse(parsed.d);
          const found = resume.success ? this.sessions.get(resume.data.session_id) : undefined;
          if (!resume.success || !found) {
            socket.send(JSON.stringify({ op: Op.InvalidSession, d: false }));
            return;
          }
          session = this.resume(socket, found, resume.data.seq ?? 0);
          return;
        }
        case Op.RequestGuildMembers: {
          if (!session) {
            socket.close(4003, 'Not authenticated.');
            return;
          }
          const request = requestMembersSchema.safeParse(parsed.d);
          if (!request.success) return;
          for (const chunk of this.hooks.membersChunks(request.data)) this.sendDispatch(session, 'GUILD_MEMBERS_CHUNK', chunk);
          return;
        }
        case Op.PresenceUpdate:
        case Op.VoiceStateUpdate:
          return;
        default:
          this.logger.warn({ op: parsed.op }, 'emulator: unknown gateway opcode');
          socket.close(4001, 'Unknown opcode.');
      }
    });
    socket.on('close', (code) => {
      if (!session || session.socket !== socket) return;
      session.socket = null;
      this.logger.debug({ code, session: session.id }, 'emulator: gateway socket closed');
      this.emit('disconnect', code);
      // A clean close ends the session on Discord, so it cannot be resumed afterwards.
      if (code === 1000 || code === 1001) this.sessions.delete(session.id);
    });
    socket.on('error', (error) => this.logger.debug({ err: error }, 'emulator: gateway socket error'));
  }

  private identify(socket: WebSocket, token: string, intents: number): Session {
    this.lastToken = token;
    const previous = this.current;
    const session: Session = { id: nextSnowflake(), seq: 0, intents, events: [], socket };
    this.sessions.set(session.id, session);
    this.current = session;
    this.sendDispatch(session, 'READY', this.hooks.readyPayload(session.id));
    for (const guild of this.hooks.guildCreates()) this.sendDispatch(session, 'GUILD_CREATE', guild);
    // Interactions the old session never got on the wire would be lost by a fresh IDENTIFY; tests
    // rely on none being lost, so they move to the new session.
    const carried = previous ? previous.events.filter((e) => !e.delivered && e.t === 'INTERACTION_CREATE') : [];
    for (const e of carried) e.delivered = true;
    for (const e of [...this.earlyInteractions.splice(0), ...carried]) this.sendDispatch(session, e.t, e.d);
    this.logger.debug({ session: session.id, intents }, 'emulator: client identified');
    if (!this.identified) {
      this.identified = true;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
    }
    this.emit('ready', session.id);
    return session;
  }

  private resume(socket: WebSocket, session: Session, seq: number): Session {
    session.socket?.terminate();
    session.socket = socket;
    this.current = session;
    const missed = session.events.filter((e) => e.s > seq);
    for (const event of missed) this.deliver(session, event);
    this.sendDispatch(session, 'RESUMED', {});
    this.logger.debug({ session: session.id, replayed: missed.length }, 'emulator: client resumed');
    this.emit('resumed', session.id);
    return session;
  }
}
