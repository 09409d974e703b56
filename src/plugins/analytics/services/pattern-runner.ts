import { IsolationLevel } from '@mikro-orm/core';
import type { AnalyticsContext } from './context.ts';
import { detectPatterns } from './patterns/index.ts';
import type { DetectedPattern, HistoryBet } from './patterns/types.ts';

/** A harmful pattern is worth a note only when the detector is this sure. */
export const HARM_NOTE_CONFIDENCE = 0.8;
export const HARM_NOTE_INTERVAL_MS = 7 * 86_400_000;
/** The history the detectors look at: a member's latest bets in the server. */
const HISTORY = 500;

/** A member's latest bets in a server, oldest first, as the detectors read them (betting's `placedBets`). */
export async function loadHistory(ctx: AnalyticsContext, guildId: string, userId: string): Promise<HistoryBet[]> {
  return ctx.use('betting').placedBets(guildId, userId, HISTORY);
}

/**
 * Runs the detectors over a consenting member's history, stores what they found (one row per kind, replaced as
 * the evidence changes; kinds no longer found are removed), and sends a kind private note about a harmful
 * pattern at most once a week. Does nothing for a member who has not consented.
 */
export async function updatePatterns(ctx: AnalyticsContext, guildId: string, userId: string, now = Date.now()): Promise<DetectedPattern[]> {
  if (!(await ctx.users.get(userId)).analyticsConsent) return [];
  const settings = await ctx.settings.get(guildId);
  const found = detectPatterns(await loadHistory(ctx, guildId, userId), { timeZone: settings.timeZone, now });
  const harmful = found.filter((p) => p.harmful && p.confidence >= HARM_NOTE_CONFIDENCE).sort((a, b) => b.confidence - a.confidence)[0];
  const mysql = ctx.dialect === 'mysql';
  // The member's harm-note row is also their lock: it exists (sent_at 0: never) before any transaction takes it, so
  // two runs for one member (two bets placed together) take turns instead of both inserting.
  await ctx.em().getConnection().execute(`${mysql ? 'insert ignore' : 'insert or ignore'} into analytics_harm_notes (user_id, sent_at, pattern_type) values (?, 0, '')`, [userId]);
  const claimed = await ctx.em().transactional(
    async (tx) => {
      const conn = tx;
      await conn.execute(`select user_id from analytics_harm_notes where user_id = ?${mysql ? ' for update' : ''}`, [userId]);
      const types = found.map((p) => p.type);
      await conn.execute(
        `delete from betting_patterns where guild_id = ? and user_id = ?${types.length ? ` and pattern_type not in (${types.map(() => '?').join(', ')})` : ''}`,
        [guildId, userId, ...types],
      );
      for (const p of found) {
        const data = JSON.stringify({ ...p.data, summary: p.summary, harmful: p.harmful });
        const updated = (await conn.execute(
          'update betting_patterns set pattern_data = ?, confidence_score = ?, updated_at = ? where guild_id = ? and user_id = ? and pattern_type = ?',
          [data, p.confidence, now, guildId, userId, p.type],
          'run',
        )) as { affectedRows?: number; changes?: number };
        if ((updated.affectedRows ?? updated.changes ?? 0) === 0) {
          await conn.execute(
            'insert into betting_patterns (user_id, guild_id, pattern_type, pattern_data, confidence_score, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
            [userId, guildId, p.type, data, p.confidence, now, now],
          );
        }
      }
      if (!harmful || !settings.harmNotes) return false;
      // Claim the week before sending; a failed send is not retried, which errs on the side of not pestering.
      const res = (await conn.execute('update analytics_harm_notes set sent_at = ?, pattern_type = ? where user_id = ? and sent_at <= ?', [now, harmful.type, userId, now - HARM_NOTE_INTERVAL_MS], 'run')) as {
        affectedRows?: number;
        changes?: number;
      };
      return (res.affectedRows ?? res.changes ?? 0) > 0;
    },
    mysql ? { isolationLevel: IsolationLevel.READ_COMMITTED } : {},
  );
  if (claimed && harmful) await sendHarmNote(ctx, userId, harmful);
  return found;
}

/** The note itself: private, kind, about the member's own choices, pointing to `/limits`. */
export function harmNoteText(p: DetectedPattern): string {
  return [
    `We noticed something in your recent betting: ${p.summary}`,
    '',
    'That can be a sign that betting is getting harder to keep in check. Nobody else has been told, and this is not a judgement.',
    'If you would like some guard rails, `/limits` lets you set a most-per-bet and a most-per-day, and a cooling-off break.',
    '',
    'You will hear from us about this at most once a week. To stop being analysed at all: `/preferences set analytics:false`.',
  ].join('\n');
}

async function sendHarmNote(ctx: AnalyticsContext, userId: string, pattern: DetectedPattern): Promise<boolean> {
  try {
    if (!ctx.discord.isReady()) return false;
    await ctx.discord.dm(userId, { embeds: [{ title: 'A quiet word about your betting', description: harmNoteText(pattern), color: 0x5865f2 }] });
    return true;
  } catch (err) {
    ctx.logger.warn({ err, userId, pattern: pattern.type }, 'could not send a harm note');
    return false;
  }
}
