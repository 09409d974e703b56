/** Why a bet action was refused. Nothing was changed when one is thrown. */
export type RefusalCode =
  | 'UNITS_OUT_OF_RANGE'
  | 'BAD_ODDS'
  | 'GAME_NOT_FOUND'
  | 'GAME_STARTED'
  | 'BAD_SELECTION'
  | 'OPEN_BET_CAP'
  | 'LIMIT_REACHED'
  | 'COOLING_OFF'
  | 'SELF_EXCLUDED'
  | 'BET_NOT_FOUND'
  | 'NOT_YOUR_BET'
  | 'ALREADY_SETTLED'
  | 'TOO_FEW_LEGS'
  | 'DUPLICATE_LEG'
  | 'BAD_LIMIT'
  | 'NOT_ALLOWED';

/** A refusal with a message written for the member: what was wrong and what to do. */
export class BetRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'BetRefusal';
  }
}
