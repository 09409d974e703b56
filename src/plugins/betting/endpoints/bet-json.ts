import type { z } from 'zod';
import type { BetWithLegs } from '../services/bet-reads.ts';
import { formatOdds, type OddsFormat } from '../services/odds.ts';
import { winNet } from '../services/payout.ts';
import type { betLegShape, betShape } from './shapes.ts';

type BetLegJson = z.input<typeof betLegShape>;

/** A bet as the API shows it: prices also in the server's odds format, times as ISO strings, a parlay with its legs. */
export function betJson({ bet, legs }: BetWithLegs, oddsFormat: OddsFormat): z.input<typeof betShape> {
  return {
    id: bet.id,
    userId: bet.userId,
    type: bet.type,
    status: bet.status,
    verified: Boolean(bet.verified),
    units: bet.units,
    decimal: bet.decimal,
    american: bet.american,
    odds: formatOdds(bet.decimal, oddsFormat),
    toWin: winNet(bet.units, bet.decimal),
    net: bet.net,
    placedAt: new Date(bet.placedAt).toISOString(),
    settledAt: bet.settledAt === null ? null : new Date(bet.settledAt).toISOString(),
    gameId: bet.gameId,
    market: bet.market,
    selection: bet.selection,
    line: bet.line,
    description: bet.description,
    sport: bet.sport,
    league: bet.league,
    source: bet.sourceBetId !== null && bet.sourceKind !== null ? { betId: bet.sourceBetId, kind: bet.sourceKind } : null,
    legs: legs.map((l) => ({
      gameId: l.gameId,
      market: l.market as BetLegJson['market'],
      selection: l.selection as BetLegJson['selection'],
      line: l.line,
      decimal: l.decimal,
      result: l.result,
    })),
  };
}
