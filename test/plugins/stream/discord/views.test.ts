import test from 'ava';
import { EmbedLimits } from '../../../../src/core/bot/embed-limits.ts';
import type { GameView, QuickBetOffer } from '../../../../src/plugins/stream/discord/services/betting-api.ts';
import { leaderboardEmbed } from '../../../../src/plugins/stream/discord/views/leaderboard.ts';
import { priceUpdateEmbed } from '../../../../src/plugins/stream/discord/views/price-update.ts';
import { scoreboardEmbed } from '../../../../src/plugins/stream/discord/views/scoreboard.ts';

const long = (n: number, c = 'x'): string => c.repeat(n);
const game: GameView = {
  id: 7,
  sport: 'soccer',
  league: long(3000, 'l'),
  homeTeam: long(300, 'h'),
  awayTeam: long(300, 'a'),
  startTime: Date.now() + 60_000,
  status: 'live',
  homeScore: 2,
  awayScore: 1,
  label: `${long(300, 'h')} v ${long(300, 'a')}`,
};
const offer: QuickBetOffer = {
  gameId: 7,
  market: 'h2h',
  units: 1,
  open: true,
  tailable: false,
  selections: ['home', 'draw', 'away'].map((selection) => ({ selection, line: 0, label: long(600, selection[0]), decimal: 2.1, shown: '+110' })),
};

/** Every limit Discord puts on one embed (per text and in total). */
function assertWithinLimits(t: import('ava').ExecutionContext, embed: { toJSON(): import('discord.js').APIEmbed }): void {
  const json = embed.toJSON();
  t.true((json.title?.length ?? 0) <= EmbedLimits.title, 'title');
  t.true((json.description?.length ?? 0) <= EmbedLimits.description, 'description');
  t.true((json.footer?.text.length ?? 0) <= EmbedLimits.footer, 'footer');
  t.true((json.fields ?? []).length <= EmbedLimits.fields, 'field count');
  for (const f of json.fields ?? []) t.true(f.name.length <= EmbedLimits.fieldName && f.value.length <= EmbedLimits.fieldValue, 'field');
  const total = (json.title?.length ?? 0) + (json.description?.length ?? 0) + (json.footer?.text.length ?? 0) + (json.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  t.true(total <= EmbedLimits.total, `total ${total}`);
}

test('a scoreboard of very long team, league and selection names stays within Discord’s embed limits', (t) => {
  assertWithinLimits(t, scoreboardEmbed(game, offer));
  assertWithinLimits(t, scoreboardEmbed({ ...game, status: 'final' }, null));
});

test('a price update of very long names stays within Discord’s embed limits', (t) => {
  assertWithinLimits(t, priceUpdateEmbed(game, offer, new Map([['home', '▲']])));
});

test('a leaderboard of the most rows stays within Discord’s embed limits', (t) => {
  const rows = Array.from({ length: 25 }, (_, i) => ({ rank: i + 1, userId: String(10n ** 18n + BigInt(i)), bets: 9999, wins: 5000, losses: 4999, net: -123456.78, risked: 99999, roi: -0.1234, winRate: 0.5 }));
  const format = { units: (n: number) => `${n}u`, signedUnits: (n: number) => `${n}u`, percent: (n: number | null) => `${n}%` };
  assertWithinLimits(t, leaderboardEmbed(format, 'net', 'all', rows, Date.now()));
});
