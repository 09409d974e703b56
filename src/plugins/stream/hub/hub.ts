import { compareIds, Refusal, type PluginTopicsApi, type TopicEntry, type TopicListener } from 'dbsbm';
import type { ResolvedTopic } from '../services/topics.ts';
import { StreamClient, type ClientTransport } from './client.ts';
import { framesOf, type Frames } from './frames.ts';

/** History read per topic on a resume; a client further behind is told to refetch. */
const CATCH_UP_LIMIT = 10_000;

/** What a (re)subscription found. */
export interface Attached {
  /** The position live events start after. */
  id: string;
  /** Topics whose missed events are no longer kept: refetch them over REST. */
  resync: string[];
}

/**
 * The live fan-out of one instance: one listener per topic key on the topic log, and from it every client that
 * follows the key. A client (re)subscribing reads what it missed from the log, then takes live events, with nothing
 * lost or repeated between the two.
 */
export class StreamHub {
  readonly #clients = new Map<string, Set<StreamClient>>();
  readonly #listeners = new Map<string, TopicListener>();
  readonly #dirty = new Set<StreamClient>();
  readonly #all = new Set<StreamClient>();
  #flushTimer?: NodeJS.Timeout;
  #beatTimer?: NodeJS.Timeout;

  constructor(
    private readonly topics: PluginTopicsApi,
    private readonly options: { conflateMs: number; heartbeatMs: number; maxBufferBytes: number },
  ) {
    if (options.conflateMs > 0) {
      this.#flushTimer = setInterval(() => this.#flushDirty(), options.conflateMs);
      this.#flushTimer.unref();
    }
    this.#beatTimer = setInterval(() => this.#beat(), options.heartbeatMs);
    this.#beatTimer.unref();
  }

  /** Clients connected to this instance. */
  get size(): number {
    return this.#all.size;
  }

  /** A new client of `guildId` (not following anything yet). */
  connect(guildId: string, transport: ClientTransport): StreamClient {
    const client = new StreamClient(
      guildId,
      transport,
      { maxBufferBytes: this.options.maxBufferBytes, conflate: this.options.conflateMs > 0 },
      (c) => this.#dirty.add(c),
      (c) => this.#detachAll(c),
    );
    this.#all.add(client);
    return client;
  }

  /**
   * Follows `topics` from `lastId` (what the client last saw; null: from now): sends what it missed in id order
   * (none of it twice, and none of what it already had) and a `resync` for topics whose missed events are gone.
   * Live events wait meanwhile: the caller tells the client where it stands, then calls `client.release()`.
   */
  async attach(client: StreamClient, topics: readonly ResolvedTopic[], lastId: string | null): Promise<Attached> {
    const fresh = topics.filter((t) => !client.keys.has(t.key));
    client.held ??= [];
    let positions: string[];
    try {
      positions = await Promise.all(fresh.map((t) => this.#follow(client, t.key)));
    } catch (err) {
      for (const t of fresh) this.#unfollow(client, t.key);
      client.release();
      throw new Refusal('STREAM_UNAVAILABLE', `The live stream cannot be read right now (${(err as Error).message}).`, { next: 'Reconnect in a few seconds with the last event id: nothing is lost.' });
    }
    if (positions.length === 0) return { id: client.lastId ?? (await this.topics.head()), resync: [] };
    const upto = positions.reduce((a, b) => (compareIds(a, b) >= 0 ? a : b));
    const lowest = positions.reduce((a, b) => (compareIds(a, b) <= 0 ? a : b));
    const resync: string[] = [];
    // An id past this instance's position is still this log's when the log has handed it out: the newest event was
    // on a topic no client here follows, or the client comes from an instance that had read further. Nothing up to
    // it is owed, so it resumes from it (live events up to it are dropped as already had). Only an id ahead of the
    // whole log (another deployment's, or a log that was reset) cannot be resumed from.
    const ahead = client.lastId === null && lastId !== null && compareIds(lastId, upto) > 0 && compareIds(lastId, await this.topics.head()) > 0;
    if (ahead) resync.push(...fresh.map((t) => t.name));
    // From where the client stands; a new client from the earliest start among its topics, so no event that one
    // topic had already passed to it is missed by another.
    const from = client.lastId ?? (ahead ? upto : lastId) ?? lowest;
    const missed: Frames[] = [];
    if (compareIds(from, upto) < 0) {
      const ranges = await Promise.all(fresh.map((t) => this.topics.range(t.key, from, upto, CATCH_UP_LIMIT).then((r) => ({ t, r }))));
      for (const { t, r } of ranges) {
        if (r.gone || r.entries.length >= CATCH_UP_LIMIT) resync.push(t.name);
        else for (const entry of r.entries) missed.push(framesOf(entry));
      }
    }
    missed.sort((a, b) => compareIds(a.entry.id, b.entry.id));
    if (client.lastId === null) client.advance(from);
    for (const frames of missed) client.replay(frames);
    client.advance(upto);
    const position = client.lastId ?? upto;
    if (resync.length) client.transport.control({ type: 'resync', id: position, topics: resync });
    return { id: position, resync };
  }

  /** Stops following `topics`. */
  detach(client: StreamClient, topics: readonly ResolvedTopic[]): void {
    for (const t of topics) this.#unfollow(client, t.key);
  }

  async #follow(client: StreamClient, key: string): Promise<string> {
    client.keys.add(key);
    let set = this.#clients.get(key);
    if (!set) this.#clients.set(key, (set = new Set()));
    set.add(client);
    let listener = this.#listeners.get(key);
    if (!listener) {
      const clients = set;
      listener = (entry: TopicEntry) => {
        const frames = framesOf(entry);
        for (const c of clients) c.deliver(frames);
      };
      this.#listeners.set(key, listener);
    }
    // Asked again for every client: the answer is the position this client's live events start after.
    return this.topics.watch(key, listener);
  }

  #unfollow(client: StreamClient, key: string): void {
    client.keys.delete(key);
    const set = this.#clients.get(key);
    if (!set) return;
    set.delete(client);
    if (set.size > 0) return;
    this.#clients.delete(key);
    const listener = this.#listeners.get(key);
    this.#listeners.delete(key);
    if (listener) this.topics.unwatch(key, listener);
  }

  #detachAll(client: StreamClient): void {
    for (const key of [...client.keys]) this.#unfollow(client, key);
    this.#dirty.delete(client);
    this.#all.delete(client);
  }

  #flushDirty(): void {
    if (this.#dirty.size === 0) return;
    const dirty = [...this.#dirty];
    this.#dirty.clear();
    for (const c of dirty) c.flush();
  }

  #beat(): void {
    for (const c of [...this.#all]) if (!c.transport.heartbeat()) c.close('gone');
  }

  /** Servers with a client here. */
  guilds(): Set<string> {
    return new Set([...this.#all].map((c) => c.guildId));
  }

  /** Clients of one server (to re-check its gate when its plan changes). */
  clientsOf(guildId: string): StreamClient[] {
    return [...this.#all].filter((c) => c.guildId === guildId);
  }

  /** Ends every client (shutdown): each reconnects elsewhere and resumes from its last id. */
  closeAll(): void {
    for (const c of [...this.#all]) c.close('shutdown');
    clearInterval(this.#flushTimer);
    clearInterval(this.#beatTimer);
  }
}
