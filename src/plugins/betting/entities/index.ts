import { ResultPostSchema, SlipMessageSchema } from './announcements.ts';
import { BetAuditSchema } from './bet-audit.ts';
import { BetLegSchema } from './bet-leg.ts';
import { BetSchema } from './bet.ts';
import { CapperSchema } from './capper.ts';
import { GameSchema } from './game.ts';
import { MemberLimitsSchema } from './member-limits.ts';
import { OddsSnapshotSchema } from './odds-snapshot.ts';
import { UnitRecordSchema } from './unit-record.ts';

export const bettingEntities = [GameSchema, OddsSnapshotSchema, BetSchema, BetLegSchema, UnitRecordSchema, BetAuditSchema, CapperSchema, MemberLimitsSchema, SlipMessageSchema, ResultPostSchema];
