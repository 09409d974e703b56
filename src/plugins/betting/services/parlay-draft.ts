import type { BettingContext } from './context.ts';
import type { Pick } from './placement.ts';

/** A parlay being built with buttons and menus, kept in the plugin's cache for 15 minutes. */
export interface ParlayDraft {
  id: string;
  guildId: string;
  userId: string;
  units: number;
  legs: (Pick & { decimal: number; label: string })[];
}

const TTL = 15 * 60_000;
const key = (id: string): string => `parlay-draft:${id}`;

export const saveDraft = (ctx: BettingContext, draft: ParlayDraft): Promise<void> => ctx.cache.set(key(draft.id), draft, TTL);
export const loadDraft = (ctx: BettingContext, id: string): Promise<ParlayDraft | undefined> => ctx.cache.get<ParlayDraft>(key(id));
export const dropDraft = (ctx: BettingContext, id: string): Promise<void> => ctx.cache.delete(key(id));
