import { Command } from '@sapphire/framework';
import { definePlugin, infoEmbed, type PluginContext } from 'dbsbm';
import { z } from 'zod';

// Declares the event this plugin publishes, so publishers and subscribers are type-checked.
declare module 'dbsbm' {
  interface DbsbmEvents {
    'hello.greeted': { guildId: string; userId: string };
  }
}

const settings = z.object({
  greeting: z.string().trim().min(1).max(100).default('Hello').describe('What /hello says before the name'),
});
type Settings = z.output<typeof settings>;
type Ctx = PluginContext<unknown, Settings>;

/** How many greetings a guild has had, kept in the plugin's own cache namespace. */
const countKey = (guildId: string): string => `greeted:${guildId}`;

/**
 * One line of the member's betting record, read through the service betting provides (never its tables):
 * `ctx.use` works for plugins listed in `requires`.
 */
async function recordLine(ctx: Ctx, guildId: string, userId: string): Promise<string> {
  const betting = ctx.use('betting');
  const s = await betting.summary({ guildId, userId, period: 'all' });
  if (s.bets === 0) return 'No settled bets here yet.';
  return `Your record here: ${s.wins}-${s.losses}-${s.pushes}, win rate ${betting.format.percent(s.winRate)}, ${betting.format.signedUnits(s.net)}.`;
}

function helloCommand(ctx: Ctx) {
  return class HelloCommand extends Command {
    constructor(context: Command.LoaderContext, options: Command.Options) {
      super(context, { ...options, name: 'hello', description: 'Say hello' });
    }

    override registerApplicationCommands(registry: Command.Registry): void {
      registry.registerChatInputCommand((b) =>
        b
          .setName('hello')
          .setDescription('Say hello')
          .addStringOption((o) => o.setName('name').setDescription('Who to greet (default: you)').setMaxLength(50)),
      );
    }

    override async chatInputRun(interaction: Command.ChatInputCommandInteraction): Promise<void> {
      const guildId = interaction.guildId!;
      const { greeting } = await ctx.settings.get(guildId);
      const name = interaction.options.getString('name') ?? interaction.user.username;
      await ctx.events.publish('hello.greeted', { guildId, userId: interaction.user.id });
      await interaction.reply({ embeds: [infoEmbed(`${greeting}, ${name}!`, await recordLine(ctx, guildId, interaction.user.id))] });
    }
  };
}

/**
 * An example third-party plugin, written against the public `dbsbm` API only: one command (`/hello`), one route
 * (`GET /api/v1/hello/guilds/:guildId/greetings`), one subscriber (counts greetings), one setting (`greeting`) and
 * one call to another plugin's service (the member's betting record, from `ctx.use('betting')`).
 */
export default definePlugin({
  name: 'hello',
  version: '1.0.0',
  api: '^1.0.0',
  description: 'Says hello and counts greetings',
  tier: 'free',
  // Betting must be loaded (and on in the server) for hello; it is what `ctx.use('betting')` reaches.
  requires: ['betting'],
  settings,
  commands: (ctx) => [helloCommand(ctx)],
  routes(router, ctx) {
    router.get('/guilds/:guildId/greetings', async (req, res) => {
      const guildId = req.params.guildId as string;
      res.json({ guildId, greetings: (await ctx.cache.get<number>(countKey(guildId))) ?? 0, greeting: (await ctx.settings.get(guildId)).greeting });
    });
  },
  subscribers: {
    'hello.greeted': async ({ guildId }, ctx) => {
      const count = (await ctx.cache.get<number>(countKey(guildId))) ?? 0;
      await ctx.cache.set(countKey(guildId), count + 1);
    },
  },
  events: ['hello.greeted'],
});
