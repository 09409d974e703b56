/**
 * `commands`: N members (default 10,000) place `/bet place` through the Discord emulator with the real discord.js
 * client, 20 in flight by default (`--commands-concurrency=`); throughput and latency from sending INTERACTION_CREATE
 * to the bot's reply. Ours: the core + betting plugin (Sapphire, the gate, the bet written in one transaction of
 * prepared statements). Baseline: a bare discord.js client on the same kind of emulator that answers the same
 * command with a bet-slip-shaped embed and no database. Prints issue 14's goals (>= 0.5x bare throughput, p99 <= 2x).
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { DEMO, seedDemoWorld } from '../src/core/local/demo-world.ts';
import { BetSchema } from '../src/plugins/betting/entities/bet.ts';
import type { BettingContext } from '../src/plugins/betting/services/context.ts';
import { startEmulator, type Emulator, type InteractionResult } from '../src/emulator/index.ts';
import { createTestBot } from '../src/testkit/test-bot.ts';
import { seedGames, SELECTIONS, H2H, type SeededGame } from './lib/betting-data.ts';
import { bettingEntry, freshDatabase, type DbKind } from './lib/databases.ts';
import { isMysqlUrl, type BenchOptions } from './lib/options.ts';
import { emit, emitGoal, progress } from './lib/report.ts';
import { percentile, pool } from './lib/stats.ts';
import { onCleanup } from './lib/cleanup.ts';

const GAMES = 5;
const WARMUP = 50;

interface SideResult {
  throughput: number;
  p50: number;
  p99: number;
  mean: number;
  errors: number;
  errorSamples: string[];
}

/** Members of the demo server who place the bets (the demo has only four people). */
function addPunters(emulator: Emulator, count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = emulator.createUser({ username: `punter${i}` });
    emulator.addMember(DEMO.guildId, user.id, [DEMO.roles.member]);
    ids.push(user.id);
  }
  return ids;
}

/** Sends N `/bet place` with bounded concurrency (a warm-up first, not counted) and checks every reply is a slip. */
async function drive(emulator: Emulator, users: string[], games: { id: number }[], concurrency: number): Promise<SideResult> {
  const place = async (i: number): Promise<void> => {
    const result: InteractionResult = await emulator.runCommand({
      command: 'bet place',
      options: { game: String(games[i % games.length]!.id), selection: SELECTIONS[i % SELECTIONS.length]!, units: 1 },
      guildId: DEMO.guildId,
      channelId: DEMO.channels.bets,
      userId: users[i % users.length]!,
    });
    const title = result.embeds[0]?.title ?? '';
    if (!title.startsWith('Bet #')) throw new Error(`unexpected reply: ${title} ${result.embeds[0]?.description ?? result.content}`.slice(0, 300));
  };
  await pool(Math.min(WARMUP, users.length), concurrency, (i) => place(users.length - 1 - i));
  const run = await pool(users.length, concurrency, place);
  return {
    throughput: (run.latencies.length / run.wallMs) * 1000,
    p50: percentile(run.latencies, 50),
    p99: percentile(run.latencies, 99),
    mean: run.latencies.reduce((s, x) => s + x, 0) / Math.max(1, run.latencies.length),
    errors: run.errors,
    errorSamples: run.errorSamples,
  };
}

/** The same `/bet place` shape as the betting plugin registers. */
function betPlaceCommand() {
  return new SlashCommandBuilder()
    .setName('bet')
    .setDescription('Place, list, cancel and grade bets')
    .setDMPermission(false)
    .addSubcommand((s) =>
      s
        .setName('place')
        .setDescription('Place a straight bet on a game')
        .addStringOption((o) => o.setName('game').setDescription('The game').setRequired(true).setAutocomplete(true))
        .addStringOption((o) => o.setName('selection').setDescription('Your pick').setRequired(true).setAutocomplete(true))
        .addNumberOption((o) => o.setName('units').setDescription('Stake in units').setRequired(true))
        .addStringOption((o) => o.setName('odds').setDescription('Your price: -110, 2.50 or 5/2 (default: the current price)')),
    )
    .toJSON();
}

async function baseline(n: number, concurrency: number): Promise<SideResult> {
  const emulator = await startEmulator({ botUser: { id: DEMO.botId, username: 'bare' } });
  const closeEmulator = onCleanup(() => emulator.close());
  seedDemoWorld(emulator);
  const users = addPunters(emulator, n);
  const games = Array.from({ length: GAMES }, (_, i) => ({ id: i + 1, homeTeam: 'Arsenal', awayTeam: 'Chelsea', startTime: Date.now() + 7 * 86_400_000 + i * 3_600_000 }));
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emulator.apiUrl } });
  const destroyClient = onCleanup(() => client.destroy());
  let nextId = 0;
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand() || interaction.commandName !== 'bet') return;
    void answer(interaction).catch((err: unknown) => process.stderr.write(`bare client: ${(err as Error).message}\n`));
  });
  const answer = async (interaction: ChatInputCommandInteraction): Promise<void> => {
    const game = games.find((g) => g.id === Number(interaction.options.getString('game', true)))!;
    const selection = interaction.options.getString('selection', true) as keyof typeof H2H;
    const units = interaction.options.getNumber('units', true);
    const decimal = H2H[selection];
    const id = ++nextId;
    const embed = new EmbedBuilder()
      .setColor(0x3b82f6)
      .setTitle(`Bet #${id} · ${game.homeTeam} v ${game.awayTeam}`)
      .addFields(
        { name: 'Pick', value: selection === 'home' ? game.homeTeam : selection === 'away' ? game.awayTeam : 'Draw', inline: true },
        { name: 'Kick-off', value: `<t:${Math.floor(game.startTime / 1000)}:f>`, inline: true },
        { name: 'Odds', value: decimal.toFixed(2), inline: true },
        { name: 'Stake', value: `${units.toFixed(2)}u`, inline: true },
        { name: 'To win', value: `${(units * (decimal - 1)).toFixed(2)}u`, inline: true },
        { name: 'Status', value: 'pending', inline: true },
      )
      .setFooter({ text: `placed ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · locked` });
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId(`betting:tail:${id}`).setLabel('Tail').setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId(`betting:fade:${id}`).setLabel('Fade').setStyle(ButtonStyle.Danger),
    );
    await interaction.reply({ content: `<@${interaction.user.id}> placed a bet.`, embeds: [embed], components: [row] });
  };
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(emulator.token);
  await ready;
  await client.application!.commands.set([betPlaceCommand()]);
  progress(`bare discord.js: ${n} users, ${GAMES} games; placing…`);
  const result = await drive(emulator, users, games, concurrency);
  await destroyClient();
  await closeEmulator();
  return result;
}

async function ours(kind: DbKind, databaseUrl: string | undefined, n: number, concurrency: number): Promise<SideResult & { stored: number }> {
  const db = await freshDatabase(kind, databaseUrl);
  const dropDb = onCleanup(() => db.drop());
  const bot = await createTestBot({ plugins: [bettingEntry()], databaseUrl: db.url });
  const closeBot = onCleanup(() => bot.close());
  await bot.app.settings.set(bot.guildId, 'betting', 'maxOpenBets', 10_000);
  const ctx = bot.app.contextOf('betting') as unknown as BettingContext;
  const games: SeededGame[] = await seedGames(ctx, GAMES);
  const users = addPunters(bot.emulator, n);
  progress(`DBSBM on ${kind}: ${n} users, ${GAMES} games; placing…`);
  const result = await drive(bot.emulator, users, games, concurrency);
  const stored = await ctx.em().count(BetSchema, { guildId: bot.guildId });
  await closeBot();
  await dropDb();
  return { ...result, stored };
}

export async function run(opts: BenchOptions): Promise<void> {
  const kind: DbKind = isMysqlUrl(opts.databaseUrl) ? 'mysql' : 'sqlite';
  const n = opts.sizes.commands;
  const concurrency = opts.commandsConcurrency;
  const base = await baseline(n, concurrency);
  const mine = await ours(kind, opts.databaseUrl, n, concurrency);
  const p = `${kind}.`;
  emit('commands', `${p}users`, n, n);
  emit('commands', `${p}in_flight`, concurrency, concurrency);
  emit('commands', `${p}throughput_per_s`, mine.throughput, base.throughput);
  emit('commands', `${p}p50_ms`, mine.p50, base.p50);
  emit('commands', `${p}p99_ms`, mine.p99, base.p99);
  emit('commands', `${p}mean_ms`, mine.mean, base.mean);
  emit('commands', `${p}errors`, mine.errors, base.errors);
  emit('commands', `${p}bets_stored`, mine.stored, null);
  // Issue 14's goals, as same-run ratios against bare discord.js.
  const throughputRatio = mine.throughput / base.throughput;
  const p99Ratio = mine.p99 / base.p99;
  emitGoal('commands', `${p}/bet place throughput / bare`, throughputRatio, '>=', 0.5);
  emitGoal('commands', `${p}/bet place p99 / bare`, p99Ratio, '<=', 2);
  progress(
    `goals on ${kind}: throughput ${throughputRatio.toFixed(2)}x bare (goal >= 0.5: ${throughputRatio >= 0.5 ? 'met' : 'MISSED'}), ` +
      `p99 ${p99Ratio.toFixed(2)}x bare (goal <= 2: ${p99Ratio <= 2 ? 'met' : 'MISSED'})`,
  );
  for (const s of base.errorSamples) progress(`baseline error: ${s}`);
  for (const s of mine.errorSamples) progress(`DBSBM error: ${s}`);
  if (mine.stored !== n + Math.min(WARMUP, n) - mine.errors) progress(`note: ${mine.stored} bets stored for ${n} measured + ${Math.min(WARMUP, n)} warm-up commands (${mine.errors} failed)`);
}
