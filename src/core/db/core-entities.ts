import { GuildPluginSchema } from './entities/guild-plugin.ts';
import { GuildSettingsSchema } from './entities/guild-settings.ts';
import { JobSchema } from './entities/job.ts';
import { UserSettingsSchema } from './entities/user-settings.ts';

/** The entities the core owns; plugins add theirs beside these. */
export const coreEntities = [GuildSettingsSchema, GuildPluginSchema, UserSettingsSchema, JobSchema];
