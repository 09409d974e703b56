import { BettingPatternSchema } from './betting-pattern.ts';
import { MemberDayRollupSchema, MemberFirstDaySchema, MemberMonthRollupSchema } from './member-rollups.ts';
import { ExportClaimSchema, ExportUsageSchema, HarmNoteSchema, ReportScheduleSchema, SavedReportSchema } from './reports.ts';
import { GuildDayRollupSchema, RollupStateSchema, UserDayRollupSchema } from './rollups.ts';
import { UserAnalyticsSchema } from './user-analytics.ts';

export const analyticsEntities = [
  UserAnalyticsSchema,
  BettingPatternSchema,
  UserDayRollupSchema,
  GuildDayRollupSchema,
  RollupStateSchema,
  MemberDayRollupSchema,
  MemberMonthRollupSchema,
  MemberFirstDaySchema,
  SavedReportSchema,
  ReportScheduleSchema,
  ExportUsageSchema,
  ExportClaimSchema,
  HarmNoteSchema,
];
