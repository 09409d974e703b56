import type { RefusalSpec } from './refusal.ts';

/**
 * The core's refusal codes, for refusals that belong to no domain. Plugins declare their own beside these
 * (`refusals` in the definition); every code of every built-in plugin is listed in docs/refusals.md.
 */
export const CORE_REFUSAL_CODES = {
  INVALID_INPUT: { title: 'That input does not look right', status: 400, description: 'An option or field failed validation; the message names it and what is accepted.' },
  NOT_FOUND: { title: 'Not found', status: 404, description: 'The thing asked for does not exist in this server (or never did).' },
  NOT_ALLOWED: { title: 'Not allowed', status: 403, description: 'The member (or API key) may not do this; the message says who may.' },
  LIMIT_REACHED: { title: 'Limit reached', status: 429, description: 'A limit of the server, its tier or the member is reached; the message says when it renews or how to raise it.' },
  CONFLICT: { title: 'That clashes with what is there', status: 409, description: 'The change conflicts with the current state (already done, already settled, in use).' },
  UNAVAILABLE: { title: 'Not available right now', status: 503, description: 'Something the action needs is not there yet (no data, no model, no Discord connection); the message says what and when.' },
} as const satisfies Record<string, RefusalSpec>;

export type CoreRefusalCode = keyof typeof CORE_REFUSAL_CODES;

/** Shown when a code is in no catalogue (a plugin forgot to declare it): the refusal still reads well. */
export const FALLBACK_REFUSAL: RefusalSpec = { title: 'That did not go through', status: 400, description: '' };

/** The catalogue of one running app: the core's codes and every loaded plugin's. */
export class RefusalCatalogue {
  readonly #specs = new Map<string, RefusalSpec & { plugin: string }>();

  constructor() {
    for (const [code, spec] of Object.entries(CORE_REFUSAL_CODES)) this.#specs.set(code, { ...spec, plugin: 'core' });
  }

  /** Adds a plugin's codes; a code another plugin (or the core) already declared is an error naming both. */
  add(plugin: string, specs: Readonly<Record<string, RefusalSpec>>): void {
    for (const [code, spec] of Object.entries(specs)) {
      const taken = this.#specs.get(code);
      if (taken) throw new Error(`refusal code "${code}" of plugin "${plugin}" is already declared by "${taken.plugin}"`);
      this.#specs.set(code, { ...spec, plugin });
    }
  }

  spec(code: string): RefusalSpec {
    return this.#specs.get(code) ?? FALLBACK_REFUSAL;
  }

  has(code: string): boolean {
    return this.#specs.has(code);
  }

  /** Every code with its spec and owner, for docs and tests. */
  entries(): [string, RefusalSpec & { plugin: string }][] {
    return [...this.#specs.entries()];
  }
}
