import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { EmulatorInputError, EmulatorTimeoutError, type Emulator, type InteractionResult } from '../../emulator/index.ts';
import { sendProblem } from '../http/problem.ts';

/** Where an interaction happens when the caller does not say: the demo server, its owner, #general. */
export interface EmulatorDefaults {
  guildId: string;
  userId: string;
  channelId: string;
}

const snowflake = z.string().regex(/^\d{5,25}$/, 'must be a Discord id (digits)');
const optionValue = z.union([z.string(), z.number(), z.boolean()]);
const where = {
  guild_id: snowflake.optional(),
  user_id: snowflake.optional(),
  channel_id: snowflake.optional(),
};
const interactionBody = z.object({
  command: z.string().trim().min(1, 'name the command, e.g. "plugins list"').transform((c) => c.replace(/^\//, '')),
  options: z.record(z.string(), optionValue).default({}),
  ...where,
});
const autocompleteBody = interactionBody.extend({ focused: z.string().min(1, 'name the option being typed') });
const componentBody = z.object({ message_id: snowflake, custom_id: z.string().min(1), values: z.array(z.string()).optional(), ...where });
const modalBody = z.object({ custom_id: z.string().min(1), fields: z.record(z.string(), z.string()).default({}), ...where });

/** The shape `/emulator` answers with (Discord's field names, snake_case). */
function present(result: InteractionResult) {
  return {
    type: result.type,
    content: result.content,
    embeds: result.embeds,
    components: result.components,
    ephemeral: result.ephemeral,
    attachments: result.attachments.map((a) => ({ filename: a.filename, content_type: a.content_type, size: a.size, url: a.url })),
    message_id: result.messageId ?? null,
    ...(result.choices ? { choices: result.choices } : {}),
    ...(result.modal ? { modal: result.modal } : {}),
  };
}

async function answer(res: Response, work: () => Promise<unknown>): Promise<void> {
  try {
    res.json(await work());
  } catch (err) {
    if (err instanceof z.ZodError) {
      sendProblem(res, 400, 'Bad Request', err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
    } else if (err instanceof EmulatorInputError) {
      sendProblem(res, 400, 'Bad Request', err.message);
    } else if (err instanceof EmulatorTimeoutError) {
      sendProblem(res, 504, 'The bot did not answer', err.message);
    } else {
      throw err;
    }
  }
}

/**
 * `/emulator/*`: drive the local bot over HTTP (local mode only). Each call sends a real interaction through the
 * gateway to the real discord.js client and answers with the bot's reply.
 */
export function emulatorRoutes(emulator: Emulator, defaults: EmulatorDefaults): Router {
  const router = Router();
  const ctx = (body: { guild_id?: string; user_id?: string; channel_id?: string }) => {
    const guildId = body.guild_id ?? defaults.guildId;
    return {
      guildId,
      userId: body.user_id ?? defaults.userId,
      channelId: body.channel_id ?? (guildId === defaults.guildId ? defaults.channelId : undefined),
    };
  };

  router.post('/emulator/interactions', (req: Request, res: Response) =>
    answer(res, async () => {
      const body = interactionBody.parse(req.body ?? {});
      return present(await emulator.runCommand({ command: body.command, options: body.options, ...ctx(body) }));
    }),
  );
  router.post('/emulator/autocomplete', (req: Request, res: Response) =>
    answer(res, async () => {
      const body = autocompleteBody.parse(req.body ?? {});
      const result = await emulator.autocomplete({ command: body.command, options: body.options, focused: body.focused, ...ctx(body) });
      return result.choices ?? [];
    }),
  );
  router.post('/emulator/components', (req: Request, res: Response) =>
    answer(res, async () => {
      const body = componentBody.parse(req.body ?? {});
      const where = ctx(body);
      const result = body.values
        ? await emulator.selectMenu({ messageId: body.message_id, customId: body.custom_id, values: body.values, userId: where.userId })
        : await emulator.pressButton({ messageId: body.message_id, customId: body.custom_id, userId: where.userId });
      return present(result);
    }),
  );
  router.post('/emulator/modals', (req: Request, res: Response) =>
    answer(res, async () => {
      const body = modalBody.parse(req.body ?? {});
      return present(await emulator.submitModal({ customId: body.custom_id, fields: body.fields, ...ctx(body) }));
    }),
  );
  router.get('/emulator/state', (_req, res) => {
    res.json(emulator.state());
  });
  router.get('/emulator/commands', (_req, res) => {
    res.json(emulator.registeredCommands());
  });
  router.get('/emulator/channels/:id/messages', (req, res) =>
    answer(res, async () => {
      const id = snowflake.parse(req.params.id);
      return emulator.messages(id);
    }),
  );
  return router;
}
