import { Events } from '@sapphire/framework';
import type { EventEmitter } from 'node:events';

/** How many finished interaction ids are remembered (a finish can be seen before the HTTP caller asks). */
const REMEMBERED = 500;

/**
 * Knows when the bot has finished handling a slash command. The emulator only sees REST calls, so it cannot tell a
 * deferred reply's "0 %" edit from its last one; Sapphire can: it emits `chatInputCommandFinish` once the command's
 * `chatInputRun` has returned or thrown (and `chatInputCommandDenied` when a precondition refused it). Local mode
 * uses this so `/emulator/interactions` answers with the final state of a deferred reply.
 */
export class InteractionCompletion {
  readonly #finished = new Set<string>();
  readonly #waiters = new Map<string, Set<() => void>>();

  /** @param client the bot's Sapphire client (any emitter of Sapphire's events). */
  constructor(client: EventEmitter) {
    client.on(Events.ChatInputCommandFinish, (interaction: { id: string }) => this.#finish(interaction.id));
    client.on(Events.ChatInputCommandDenied, (_error: unknown, payload: { interaction: { id: string } }) => this.#finish(payload.interaction.id));
  }

  /** Resolves true once the command of this interaction finished, or false after `timeoutMs`. */
  wait(interactionId: string, timeoutMs: number): Promise<boolean> {
    if (this.#finished.has(interactionId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(interactionId) ?? new Set();
      this.#waiters.set(interactionId, waiters);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiters.delete(done);
        if (waiters.size === 0) this.#waiters.delete(interactionId);
        resolve(false);
      }, timeoutMs);
      timer.unref();
      waiters.add(done);
    });
  }

  #finish(id: string): void {
    this.#finished.add(id);
    if (this.#finished.size > REMEMBERED) this.#finished.delete(this.#finished.values().next().value as string);
    const waiters = this.#waiters.get(id);
    this.#waiters.delete(id);
    for (const done of waiters ?? []) done();
  }
}
