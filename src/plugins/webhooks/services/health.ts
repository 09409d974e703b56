import type { Health } from './endpoint-rows.ts';

/**
 * An endpoint's failure streak as a batch of deliveries changes it, in the order of its runs: a success ends the
 * streak, a failure adds to it. Only a real change is written (a healthy endpoint's successes write nothing).
 */
export class Streak {
  #reset = false;
  #failures = 0;
  #count: number;
  #since: number | null;

  constructor(private readonly loaded: Health) {
    this.#count = loaded.consecutiveFailures;
    this.#since = loaded.failingSince;
  }

  success(): void {
    this.#reset = true;
    this.#failures = 0;
    this.#count = 0;
    this.#since = null;
  }

  failure(now: number): void {
    this.#failures++;
    this.#count++;
    this.#since ??= now;
  }

  /** Since when the endpoint has been failing, as of the last run applied (null: it is healthy). */
  get failingSince(): number | null {
    return this.#since;
  }

  /**
   * What to write, or null when nothing changed: `reset` (a success happened) sets the streak to what failed after
   * the last success; otherwise the failures are added to the row as it is then.
   */
  change(): { reset: boolean; failures: number; failingSince: number | null } | null {
    const wasHealthy = this.loaded.consecutiveFailures === 0 && this.loaded.failingSince === null;
    if (this.#reset && wasHealthy && this.#failures === 0) return null;
    if (!this.#reset && this.#failures === 0) return null;
    return { reset: this.#reset, failures: this.#failures, failingSince: this.#since };
  }
}
