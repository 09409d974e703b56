import { BigIntType, EntitySchema } from '@mikro-orm/core';

/** A saved report: metrics × a dimension × filters, by name, per server. The definition is validated by zod. */
export interface SavedReport {
  id: number;
  guildId: string;
  name: string;
  definition: Record<string, unknown>;
  createdBy: string;
  createdAt: number;
}

/** A report delivered on a schedule to a channel or a member's DMs. */
export interface ReportSchedule {
  id: number;
  guildId: string;
  reportId: number;
  cadence: string;
  format: string;
  /** `channel` or `dm`. */
  targetKind: string;
  targetId: string;
  /** Local hour (0–23) in `timeZone`. */
  hour: number;
  timeZone: string;
  nextRunAt: number;
  createdBy: string;
  active: boolean;
}

/** Exports used by a server in a calendar month (UTC), against its tier's monthly allowance. */
export interface ExportUsage {
  id: number;
  guildId: string;
  /** yyyymm. */
  month: number;
  used: number;
}

/** When a member was last sent a note about a harmful pattern (at most one a week, whatever the server). */
export interface HarmNote {
  userId: string;
  sentAt: number;
  patternType: string;
}

export const SavedReportSchema = new EntitySchema<SavedReport>({
  name: 'AnalyticsReport',
  tableName: 'analytics_reports',
  uniques: [{ name: 'analytics_reports_guild_name_unique', properties: ['guildId', 'name'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    name: { type: 'string', length: 64 },
    definition: { type: 'json' },
    createdBy: { type: 'string', length: 32 },
    createdAt: { type: new BigIntType('number') },
  },
});

export const ReportScheduleSchema = new EntitySchema<ReportSchedule>({
  name: 'AnalyticsSchedule',
  tableName: 'analytics_schedules',
  indexes: [{ name: 'analytics_schedules_guild_index', properties: ['guildId'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    reportId: { type: 'integer' },
    cadence: { type: 'string', length: 16 },
    format: { type: 'string', length: 8 },
    targetKind: { type: 'string', length: 8 },
    targetId: { type: 'string', length: 32 },
    hour: { type: 'integer' },
    timeZone: { type: 'string', length: 64 },
    nextRunAt: { type: new BigIntType('number') },
    createdBy: { type: 'string', length: 32 },
    active: { type: 'boolean', default: true },
  },
});

export const ExportUsageSchema = new EntitySchema<ExportUsage>({
  name: 'AnalyticsExportUsage',
  tableName: 'analytics_export_usage',
  uniques: [{ name: 'analytics_export_usage_guild_month_unique', properties: ['guildId', 'month'] }],
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    guildId: { type: 'string', length: 32 },
    month: { type: 'integer' },
    used: { type: 'integer', default: 0 },
  },
});

export const HarmNoteSchema = new EntitySchema<HarmNote>({
  name: 'AnalyticsHarmNote',
  tableName: 'analytics_harm_notes',
  properties: {
    userId: { type: 'string', length: 32, primary: true },
    sentAt: { type: new BigIntType('number') },
    patternType: { type: 'string', length: 50 },
  },
});

/** One export taken from the allowance by a retried job: the claim key makes a retry take nothing more. */
export interface ExportClaim {
  claimKey: string;
  guildId: string;
  month: number;
}

export const ExportClaimSchema = new EntitySchema<ExportClaim>({
  name: 'AnalyticsExportClaim',
  tableName: 'analytics_export_claims',
  properties: {
    claimKey: { type: 'string', length: 191, primary: true },
    guildId: { type: 'string', length: 32 },
    month: { type: 'integer' },
  },
});
