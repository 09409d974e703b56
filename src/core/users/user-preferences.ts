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
  /**
   * The seed's `notification_preferences`: the notifications plugin's choices for this member (channels per type,
   * quiet hours, digest window), as it stored them; null until they choose. @since 1.4.0
   */
  notificationPreferences: Record<string, unknown> | null;
}

export type UserPreferencesPatch = Partial<Omit<UserPreferences, 'userId'>>;

const DEFAULTS: Omit<UserPreferences, 'userId'> = { analyticsConsent: false, mlRecommendationsEnabled: false, webhookNotifications: false, notificationPreferences: null };

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

  /**
   * Preferences of many users (defaults for those without a row), in batches of 500 ids per query. A plain select,
   * not the ORM: it runs once per notification raised, and hydrating entities was most of its cost.
   */
  async many(userIds: readonly string[]): Promise<Map<string, UserPreferences>> {
    const unique = [...new Set(userIds)];
    const found = new Map<string, UserPreferences>();
    const connection = (freshEm(this.orm, 'Member preferences') as EntityManager).getConnection();
    for (let i = 0; i < unique.length; i += 500) {
      const ids = unique.slice(i, i + 500);
      const rows = (await connection.execute(
        `select user_id, notification_preferences, analytics_consent, ml_recommendations_enabled, webhook_notifications from user_settings where user_id in (${ids.map(() => '?').join(', ')})`,
        ids,
      )) as { user_id: string; notification_preferences: unknown; analytics_consent: unknown; ml_recommendations_enabled: unknown; webhook_notifications: unknown }[];
      for (const r of rows) {
        found.set(r.user_id, {
          userId: r.user_id,
          analyticsConsent: Boolean(Number(r.analytics_consent)),
          mlRecommendationsEnabled: Boolean(Number(r.ml_recommendations_enabled)),
          webhookNotifications: Boolean(Number(r.webhook_notifications)),
          notificationPreferences: parseJsonColumn(r.notification_preferences),
        });
      }
    }
    return new Map(unique.map((id) => [id, found.get(id) ?? { userId: id, ...DEFAULTS }]));
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
        row = tx.create(UserSettingsSchema, { userId, ...DEFAULTS, ...patch } as UserSettings);
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
    notificationPreferences: parseJsonColumn(row.notificationPreferences),
  };
}

// MariaDB hands JSON columns back as text when read through some paths; SQLite as text too before hydration.
function parseJsonColumn(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
