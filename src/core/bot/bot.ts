import { ApplicationCommandRegistries, Events, LogLevel, RegisterBehavior, SapphireClient, container, type StoreRegistryKey } from '@sapphire/framework';
import { GatewayIntentBits, Status } from 'discord.js';
import type { Logger } from 'pino';
import { PinoSapphireLogger } from './sapphire-logger.ts';
import { screenInteractions } from './interaction-screen.ts';

export interface BotOptions {
  token: string;
  logger: Logger;
  /** REST base URL (`http://127.0.0.1:PORT/api`) when talking to the emulator instead of Discord. */
  apiUrl?: string;
}

type AnyPiece = abstract new (...args: never[]) => unknown;

/**
 * The Discord side: a Sapphire client whose pieces are registered in code (no folder scanning) and whose
 * application commands are overwritten in one request at start.
 */
export class Bot {
  readonly client: SapphireClient;
  /** Command and interaction-handler name → owning plugin, read by the gate precondition and the error listeners. */
  readonly owners = new Map<string, string>();
  readonly #queued: { store: StoreRegistryKey; name: string; piece: AnyPiece }[] = [];

  constructor(private readonly options: BotOptions) {
    ApplicationCommandRegistries.setDefaultBehaviorWhenNotIdentical(RegisterBehavior.BulkOverwrite);
    this.client = new SapphireClient({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
      baseUserDirectory: null,
      loadDefaultErrorListeners: false,
      loadMessageCommandListeners: false,
      logger: { instance: new PinoSapphireLogger(options.logger.child({ component: 'sapphire' })), level: LogLevel.Warn },
      ...(options.apiUrl ? { rest: { api: options.apiUrl } } : {}),
    });
    // Control characters in autocomplete, components and modals are answered before any piece sees them.
    screenInteractions(this.client, options.logger);
  }

  readonly #ownerOf = new Map<AnyPiece, string>();

  /**
   * Registers a piece to load at login, owned by `plugin`. Its default name is the class name without a
   * `Command`/`Listener`/… suffix, lowercased; a piece may set its own `name` in its options.
   */
  add(store: StoreRegistryKey, piece: AnyPiece, plugin: string): void {
    const name = piece.name.replace(/(Command|Listener|Precondition|Handler|InteractionHandler)$/, '').toLowerCase() || `${plugin}-${store}`;
    this.#ownerOf.set(piece, plugin);
    this.#queued.push({ store, name: `${name}`, piece });
  }

  /** Logs in and resolves once the client is ready: guilds received and application commands registered. */
  async login(): Promise<void> {
    for (const { store, name, piece } of this.#queued) {
      await container.stores.loadPiece({ store, name, piece: piece as never });
    }
    // Ready means connected and our application commands registered, so nobody runs a command Discord lacks.
    const ready = Promise.all([
      new Promise<void>((resolve) => this.client.once('clientReady', () => resolve())),
      new Promise<void>((resolve) => this.client.once(Events.ApplicationCommandRegistriesRegistered, () => resolve())),
    ]);
    // login() loads the stores before it connects, so owners are known before the first interaction.
    await this.client.login(this.options.token);
    for (const command of container.stores.get('commands').values()) {
      const owner = this.#ownerOf.get(command.constructor as AnyPiece);
      if (!owner) continue;
      const taken = this.owners.get(command.name);
      if (taken && taken !== owner) throw new Error(`two plugins define the command "${command.name}": "${taken}" and "${owner}"`);
      this.owners.set(command.name, owner);
    }
    for (const handler of container.stores.get('interaction-handlers').values()) {
      const owner = this.#ownerOf.get(handler.constructor as AnyPiece);
      if (owner && !this.owners.has(handler.name)) this.owners.set(handler.name, owner);
    }
    await ready;
  }

  isReady(): boolean {
    return this.client.isReady() && this.client.ws.status === Status.Ready;
  }

  async destroy(): Promise<void> {
    await this.client.destroy();
  }
}
