import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { showSlip } from '../services/announce.ts';
import { placedSlip } from '../services/bet-view.ts';
import type { BettingContext } from '../services/context.ts';
import type { Placed } from '../services/placement.ts';
import { betSlipEmbed, tailFadeRow } from '../views/bet-slip.ts';
import { betJson } from './bet-json.ts';
import type { betShape } from './shapes.ts';

/**
 * A fresh placement id for one API call: `api:` and 112 random bits (32 characters, the width of
 * `betting_bets.interaction_id`). Placement places one bet per id, so a call never collides with another call or a
 * Discord interaction; a client that retries sends an `Idempotency-Key`, which the API answers from the stored
 * response without placing again.
 */
export function apiInteractionId(): string {
  return `api:${randomBytes(14).toString('hex')}`;
}

/**
 * Answers a placement: the bet with its legs. A new bet's slip is also copied to the server's slips channel, as
 * `/bet place` copies it, so the channel shows every bet however it was placed (and settlement edits the copy).
 */
export async function placedJson(ctx: BettingContext, placed: Placed): Promise<z.input<typeof betShape>> {
  const { bet } = placed;
  const { oddsFormat } = await ctx.settings.get(bet.guildId);
  const slip = await placedSlip(ctx, placed);
  if (!placed.duplicate) {
    const embed = betSlipEmbed(bet, slip.games, oddsFormat, slip.legs, slip.capperName);
    // No channel shows the reply of an API call: the copy in the slips channel is the only slip.
    await showSlip(ctx, bet, '', undefined, { embeds: [embed], components: bet.type === 'game_line' ? [tailFadeRow(bet)] : [] });
  }
  return betJson({ bet, legs: slip.legs }, oddsFormat);
}
