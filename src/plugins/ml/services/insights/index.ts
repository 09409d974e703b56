/**
 * Betting insights for members: value bets, Kelly stakes sized together, risk figures, concentration of open
 * bets, and the guardrails every suggested stake passes through. Pure arithmetic; no database, no Discord.
 */

export { edgeOf, findValueBets, ValueOptionsSchema, type ValueBet, type ValueOptions, type ValueScan } from './value.ts';
export { capUnits, fullKelly, isUsablePrice, kellyStake, KellyOptionsSchema, StakeCapSchema, type KellyOptions, type KellyStake, type StakeCap } from './kelly.ts';
export { jointKellyFractions, MAX_JOINT_BETS, type JointBet } from './joint-kelly.ts';
export {
  describeSizing,
  sizeSimultaneous,
  SimultaneousOptionsSchema,
  type SimultaneousBet,
  type SimultaneousOptions,
  type SimultaneousSizing,
  type SizedBet,
  type SizingLimit,
} from './simultaneous.ts';
export {
  betsPerPeriod,
  cumulativeCurve,
  maxDrawdown,
  riskSummary,
  roi,
  RiskOptionsSchema,
  sharpeLike,
  sortinoLike,
  UnitRecordInputSchema,
  type CurveMark,
  type CurvePoint,
  type Drawdown,
  type RiskOptions,
  type RiskSummary,
  type UnitRecordInput,
} from './risk.ts';
export {
  exposure,
  OpenBetSchema,
  rebalanceSuggestions,
  RebalanceOptionsSchema,
  type Exposure,
  type ExposureEntry,
  type OpenBet,
  type RebalanceOptions,
  type RebalanceSuggestion,
} from './rebalance.ts';
export {
  applyLimits,
  capAfterLosses,
  detectLosingRun,
  GuardrailOptionsSchema,
  MemberLimitsInputSchema,
  RecentBetSchema,
  type GuardedStake,
  type GuardrailOptions,
  type LimitedStake,
  type LosingRun,
  type MemberLimitsInput,
  type RecentBet,
} from './guardrails.ts';
export { recommend, RecommendInputSchema, type Recommendation, type RecommendInput, type Recommendations } from './recommend.ts';
export { SelectionSchema, type Selection, type SelectionInput, type Skipped } from './selection.ts';
