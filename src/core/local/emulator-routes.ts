import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { EmulatorInputError, EmulatorTimeoutError, type EmulatedMessage, type Emulator, type InteractionResult } from '../../emulator/index.ts';
import { sendProblem } from '../http/problem.ts';
import { loopbackOnly } from './loopback-only.ts';
import { autocompleteBody, commandOptions, componentBody, EmulatorBodyError, interactionBody, modalBody, userIdOf, type Who } from './emulator-bodies.ts';

/** Where an interaction happens when the caller does not say: the demo server, its owner, #general. */
export interface EmulatorDefaults {
  guildId: string;
  userId: string;
  channelId: string;
  /** Names a body may give as `"user"` (lower case) → user id; other emulator usernames work too. */
  users?: Readonly<Record<string, string>>;
}

/** Options of {@link emulatorRoutes}. */
export interface EmulatorRoutesOptions {
  /** Tells when a slash command has finished, so a deferred reply is answered in its final state. */
  completion?: { wait(interactionId: string, timeoutMs: number): Promise<boolean> };
  /** Longest wait for a command to finish after its first reply. @default 60000 */
  finishTimeoutMs?: number;
  /**
   * After the command finished, how long the reply must stay unchanged before it is final (the core's error
   * listener may still be editing it). @default 150
   */
  quietMs?: number;
}

const snowflake = z.string().regex(/^\d{5,25}$/, 'must be a Discord id (digits)');
const dmsBody = z.object({ open: z.boolean() }).strict();

function presentMessage(m: EmulatedMessage) {
  return {
    message_id: m.id,
    content: m.content,
    embeds: m.embeds,
    components: m.components,
    ephemeral: m.ephemeral,
    attachments: m.attachments.map((a) => ({ filename: a.filename, content_type: a.content_type, size: a.size, url: a.url })),
  };
}

/** The shape `/emulator` answers with (Discord's field names, snake_case), from the messages' current state. */
function present(emulator: Emulator, result: InteractionResult) {
  const messages = emulator.interactionMessages(result.interactionId);
  const original = result.messageId ? (emulator.message(result.messageId) ?? null) : null;
  const followUps = messages.filter((m) => m.id !== result.messageId);
  return {
    type: result.type,
    content: original?.content ?? result.content,
    embeds: original?.embeds ?? result.embeds,
    components: original?.components ?? result.components,
    ephemeral: result.ephemeral,
    attachments: (original?.attachments ?? result.attachments).map((a) => ({ filename: a.filename, content_type: a.content_type, size: a.size, url: a.url })),
    message_id: result.messageId ?? null,
    interaction_id: result.interactionId,
    ...(followUps.length > 0 ? { follow_ups: followUps.map(presentMessage) } : {}),
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
    } else if (err instanceof EmulatorInputError || err instanceof EmulatorBodyError) {
      sendProblem(res, 400, 'Bad Request', err.message);
    } else if (err instanceof EmulatorTimeoutError) {
      sendProblem(res, 504, 'The bot did not answer', err.message);
    } else {
      throw err;
    }
  }
}

/** Resolves once the interaction's messages have not changed for `quietMs` (or after `capMs`). */
function quiet(emulator: Emulator, interactionId: string, quietMs: number, capMs: number): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    };
    const onChange = (m: EmulatedMessage): void => {
      if (m.interactionId === interactionId) arm();
    };
    const cap = setTimeout(() => finish(), capMs);
    function finish(): void {
      clearTimeout(timer);
      clearTimeout(cap);
      emulator.off('message', onChange);
      emulator.off('messageUpdate', onChange);
      resolve();
    }
    emulator.on('message', onChange);
    emulator.on('messageUpdate', onChange);
    arm();
  });
}

/**
 * `/emulator/*`: drive the local bot over HTTP (local mode only; every route and field is in docs/emulator.md).
 * Each call sends a real interaction through the gateway to the real discord.js client and answers with the bot's
 * reply in its final state: a slash command is followed until its handler has finished, so a deferred reply edited
 * with progress ("0 %") is answered with its last edit (the file, the result).
 */
export function emulatorRoutes(emulator: Emulator, defaults: EmulatorDefaults, options: EmulatorRoutesOptions = {}): Router {
  const router = Router();
  // The emulator drives the bot as any member, owner included: never from another machine, whatever HTTP_HOST is.
  router.use('/emulator', loopbackOnly('/emulator'));
  const names = defaults.users ?? {};
  const finishTimeoutMs = options.finishTimeoutMs ?? 60_000;
  const quietMs = options.quietMs ?? 150;
  const ctx = (body: { guild_id?: string | undefined; channel_id?: string | undefined } & Who) => {
    const guildId = body.guild_id ?? defaults.guildId;
    const channelId = body.channel_id ?? (guildId === defaults.guildId ? defaults.channelId : undefined);
    return {
      guildId,
      userId: userIdOf(body, names, () => emulator.state().users) ?? defaults.userId,
      ...(channelId !== undefined ? { channelId } : {}),
    };
  };
  /** Waits for a command's handler to finish (then for its reply to settle) before reading the reply. */
  const final = async (result: InteractionResult, command: boolean): Promise<InteractionResult> => {
    const deferred = result.type === 5 || result.type === 6;
    if (command && options.completion) {
      // A deferred reply is long work: wait for it. A plain reply is (nearly) final already: wait briefly, so a
      // command that never reports finishing (an event Sapphire does not emit for it) does not hold the caller.
      await options.completion.wait(result.interactionId, deferred ? finishTimeoutMs : Math.min(finishTimeoutMs, 2_000));
      await quiet(emulator, result.interactionId, quietMs, 5_000);
    } else if (deferred) {
      await quiet(emulator, result.interactionId, Math.max(quietMs, 1_500), finishTimeoutMs);
    }
    return result;
  };

  router.post('/emulator/interactions', (req: Request, res: Response) =>
    answer(res, async () => {
      const body = interactionBody.parse(req.body ?? {});
      const where = ctx(body);
      const result = await emulator.runCommand({ command: body.command, options: await commandOptions(body.options), ...where });
      return present(emulator, await final(result, result.type !== 9));
    }),
  );
  router.post('/emulator/autocomplete', (req: Request, res: Response) =>
    answer(res, async () => {
      const body = autocompleteBody.parse(req.body ?? {});
      const result = await emulator.autocomplete({ command: body.command, options: await commandOptions(body.options), focused: body.focused, ...ctx(body) });
      return result.choices ?? [];
    }),
  );
  router.post('/emulator/components', (req: Request, res: Response) =>
    answer(res, async () => {
      const body = componentBody.parse(req.body ?? {});
      const userId = ctx(body).userId;
      const result = body.values
        ? await emulator.selectMenu({ messageId: body.message_id, customId: body.custom_id, values: body.values, userId })
        : await emulator.pressButton({ messageId: body.message_id, customId: body.custom_id, userId });
      return present(emulator, await final(result, false));
    }),
  );
  router.post('/emulator/modals', (req: Request, res: Response) =>
    answer(res, async () => {
      const body = modalBody.parse(req.body ?? {});
      // A modal is submitted by whoever opened it, where it was opened, unless the body says otherwise.
      const userId = userIdOf(body, names, () => emulator.state().users);
      const where = {
        ...(userId !== undefined ? { userId } : {}),
        ...(body.guild_id !== undefined ? { guildId: body.guild_id } : {}),
        ...(body.channel_id !== undefined ? { channelId: body.channel_id } : {}),
      };
      return present(emulator, await final(await emulator.submitModal({ customId: body.custom_id, fields: body.fields, ...where }), false));
    }),
  );
  // A member closing their DMs is a Discord setting, not an interaction: the bot finds out when its next DM fails.
  router.post('/emulator/users/:user/dms', (req: Request<{ user: string }>, res: Response) =>
    answer(res, async () => {
      const { open } = dmsBody.parse(req.body ?? {});
      const userId = userIdOf({ user: req.params.user }, names, () => emulator.state().users) as string;
      if (open) emulator.openDms(userId);
      else emulator.closeDms(userId);
      return { user_id: userId, dms_open: open };
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
