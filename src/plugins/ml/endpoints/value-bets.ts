import { defineRoute } from 'dbsbm';
import { scanValue } from '../services/value-scan.ts';
import type { MlContext } from '../services/context.ts';
import { OUTCOMES, type Outcome } from '../services/tracking.ts';
import { valueScanShape } from './shapes.ts';

/** The result a value bet backs, from its selection id (`<gameId>:<result>`, as the scan names them). */
const outcomeOf = (selectionId: string): Outcome => OUTCOMES.find((o) => selectionId.endsWith(`:${o}`)) ?? 'home';

export function listValueBets(ctx: MlContext) {
  return defineRoute({
    method: 'get',
    path: '/value-bets',
    operationId: 'listMlValueBets',
    summary: 'Value bets on upcoming games',
    description:
      "Results of upcoming games where the model's probability times the price on offer beats 1 by more than the server's `valueThreshold`, best edge first, each with a cautious Kelly stake (what `/value` shows). The predictions scanned are recorded as shown to the key's creator.",
    response: valueScanShape,
    async handler({ guildId, principal }) {
      const scan = await scanValue(ctx, guildId, principal.userId, { record: 'once' });
      return {
        scanned: scan.scanned,
        threshold: scan.settings.valueThreshold,
        kellyFraction: scan.settings.kellyFraction,
        bankrollUnits: scan.settings.bankrollUnits,
        maxStakeShare: scan.settings.maxStakeShare,
        data: scan.bets.map((v) => ({
          gameId: Number(v.selection.gameId),
          outcome: outcomeOf(v.selection.id),
          label: v.selection.label,
          decimal: v.selection.decimal,
          probability: v.selection.probability,
          fairDecimal: v.fairDecimal,
          edge: v.edge,
          expectedValuePerUnit: v.expectedValuePerUnit,
          stake: v.stake.stake,
          stakeCapped: v.stake.capped,
        })),
      };
    },
  });
}
