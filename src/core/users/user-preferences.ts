import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { freshEm } from '../db/transaction-guard.ts';
import { UserSettingsSchema, type UserSettings } from '../db/entities/user-settings.ts';

/** A member's own choices, shared by every server they are in. Everything is off until they turn it on. */
export interface UserPreferences {
  userId: string;
  /** Whether the analytics plugin may record this member's activity. Off: nothing about them is tracked. */
  analyticsConsent: boolean;
  /** Whether the ML plugin may show this member personalised recommendations. */
  mlRecommendationsEnabled: boolean;
  webhookNotifications: boolean;
}

export type UserPreferencesPatch = Partial<Omit<UserPreferences, 'userId'>>;

const DEFAULTS: Omit<UserPreferences, 'userId'> = { analyticsConsent: false, mlRecommendationsEnabled: false, webhookNotifications: false };

/**
 * Reads and writes `user_settings`. Reads are not cached: consent must take effect on the very next event, and one
 * primary-key lookup is cheap next to the work an event does.
 */
export class UserPreferencesService {
  constructor(private readonly orm: MikroORM) {}

  async get(userId: string): Promise<UserPreferences> {
    const row = await (freshEm(this.orm, 'Member preferences') as EntityManager).findOne(UserSettingsSchema, { userId });
    return row ? pick(row) : { userId, ...DEFAULTS };
  }

  /** Users among `userIds` who consented to analytics (one query for a batch of events). */
  async consenting(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows = await (freshEm(this.orm, 'Member preferences') as EntityManager).find(UserSettingsSchema, { userId: { $in: [...new Set(userIds)] }, analyticsConsent: true }, { fields: ['userId'] });
    return new Set(rows.map((r) => r.userId));
  }

  async set(userId: string, patch: UserPreferencesPatch): Promise<UserPreferences> {
    const em = freshEm(this.orm, 'Member preferences') as EntityManager;
    return em.transactional(async (tx) => {
      let row = await tx.findOne(UserSettingsSchema, { userId });
      if (!row) {
        row = tx.create(UserSettingsSchema, { userId, notificationPreferences: null, ...DEFAULTS, ...patch } as UserSettings);
      } else {
        tx.assign(row, patch);
      }
      await tx.flush();
      return pick(row);
    });
  }
}

function pick(row: UserSettings): UserPreferences {
  return {
    userId: row.userId,
    analyticsConsent: Boolean(row.analyticsConsent),
    mlRecommendationsEnabled: Boolean(row.mlRecommendationsEnabled),
    webhookNotifications: Boolean(row.webhookNotifications),
  };
}
