import { EntitySchema } from '@mikro-orm/core';

/** A Discord user's preferences, shared by every guild they are in. Without consent a user is not tracked. */
export interface UserSettings {
  userId: string;
  notificationPreferences: Record<string, unknown> | null;
  analyticsConsent: boolean;
  mlRecommendationsEnabled: boolean;
  webhookNotifications: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const UserSettingsSchema = new EntitySchema<UserSettings>({
  name: 'UserSettings',
  tableName: 'user_settings',
  properties: {
    userId: { type: 'string', length: 32, primary: true },
    notificationPreferences: { type: 'json', nullable: true },
    analyticsConsent: { type: 'boolean', default: false },
    mlRecommendationsEnabled: { type: 'boolean', default: false },
    webhookNotifications: { type: 'boolean', default: false },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
    updatedAt: { type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});
