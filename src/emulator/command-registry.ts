import type { APIApplicationCommand } from 'discord-api-types/v10';
import { z } from 'zod';
import { RestError } from './errors.ts';
import { nextSnowflake } from './snowflake.ts';
import type { World } from './world.ts';

const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

interface OptionShape {
  type: number;
  name: string;
  description: string;
  options?: OptionShape[];
}

const choiceSchema = z.object({ name: z.string().min(1).max(100), value: z.union([z.string().max(100), z.number()]) }).loose();

const optionSchema: z.ZodType<OptionShape> = z.lazy(() =>
  z
    .object({
      type: z.number().int().min(1).max(11),
      name: z.string().regex(CHAT_INPUT_NAME, 'Option names must be 1-32 lowercase characters'),
      description: z.string().min(1).max(100),
      required: z.boolean().optional(),
      choices: z.array(choiceSchema).max(25).optional(),
      options: z.array(optionSchema).max(25).optional(),
    })
    .loose(),
);

/** Body of POST/PATCH command and each element of PUT (bulk overwrite). */
export const commandBodySchema = z
  .object({
    name: z.string().min(1).max(32),
    type: z.number().int().min(1).max(4).optional(),
    description: z.string().max(100).optional(),
    options: z.array(optionSchema).max(25).optional(),
    default_member_permissions: z.string().nullable().optional(),
    dm_permission: z.boolean().nullable().optional(),
    contexts: z.array(z.number().int()).nullable().optional(),
    integration_types: z.array(z.number().int()).nullable().optional(),
    nsfw: z.boolean().optional(),
  })
  .loose()
  .superRefine((cmd, ctx) => {
    const type = cmd.type ?? 1;
    if (type === 1) {
      if (!CHAT_INPUT_NAME.test(cmd.name) || cmd.name !== cmd.name.toLowerCase()) {
        ctx.addIssue({ code: 'custom', path: ['name'], message: 'Chat input command names must be 1-32 lowercase characters without spaces' });
      }
      if (!cmd.description) ctx.addIssue({ code: 'custom', path: ['description'], message: 'Chat input commands need a description (1-100 characters)' });
      checkRequiredFirst(cmd.options ?? [], ['options'], ctx);
    }
  });

type CommandBody = z.infer<typeof commandBodySchema>;

function checkRequiredFirst(options: readonly OptionShape[], path: (string | number)[], ctx: z.RefinementCtx): void {
  let sawOptional = false;
  options.forEach((o, i) => {
    const required = (o as { required?: boolean }).required === true;
    if (o.type === 1 || o.type === 2) checkRequiredFirst(o.options ?? [], [...path, i, 'options'], ctx);
    else if (required && sawOptional) ctx.addIssue({ code: 'custom', path: [...path, i], message: 'Required options must be placed before non-required options' });
    else if (!required) sawOptional = true;
  });
}

export function parseCommandBody(body: unknown): CommandBody {
  const result = commandBodySchema.safeParse(body);
  if (!result.success) throw new RestError(400, 50035, 'Invalid Form Body', z.treeifyError(result.error));
  return result.data;
}

/** The stored command, shaped like Discord returns it. */
export function toStoredCommand(world: World, body: CommandBody, guildId: string | null, id = nextSnowflake()): APIApplicationCommand {
  const type = body.type ?? 1;
  return {
    ...body,
    id,
    application_id: world.applicationId,
    version: nextSnowflake(),
    type,
    name: body.name,
    name_localizations: (body as { name_localizations?: Record<string, string> | null }).name_localizations ?? null,
    description: type === 1 ? (body.description ?? '') : '',
    description_localizations: (body as { description_localizations?: Record<string, string> | null }).description_localizations ?? null,
    default_member_permissions: body.default_member_permissions ?? null,
    dm_permission: body.dm_permission ?? true,
    contexts: body.contexts ?? null,
    integration_types: body.integration_types ?? [0],
    nsfw: body.nsfw ?? false,
    ...(body.options ? { options: body.options } : {}),
    ...(guildId ? { guild_id: guildId } : {}),
  } as APIApplicationCommand;
}

/** POST semantics: a command with the same name and type is overwritten in place (keeping its id). */
export function upsertCommand(world: World, scope: string, body: CommandBody): { command: APIApplicationCommand; created: boolean } {
  const commands = world.commandScope(scope);
  const guildId = scope === 'global' ? null : scope;
  const existing = [...commands.values()].find((c) => c.name === body.name && (c.type ?? 1) === (body.type ?? 1));
  if (!existing && commands.size >= 100) throw new RestError(400, 30032, 'Maximum number of application commands reached (100)');
  const command = toStoredCommand(world, body, guildId, existing?.id);
  commands.set(command.id, command);
  return { command, created: !existing };
}

/** PUT semantics: the list replaces everything; names that survive keep their ids. */
export function overwriteCommands(world: World, scope: string, bodies: CommandBody[]): APIApplicationCommand[] {
  const commands = world.commandScope(scope);
  const guildId = scope === 'global' ? null : scope;
  const previous = [...commands.values()];
  commands.clear();
  const result: APIApplicationCommand[] = [];
  for (const body of bodies) {
    const kept = previous.find((c) => c.name === body.name && (c.type ?? 1) === (body.type ?? 1));
    const command = toStoredCommand(world, body, guildId, kept?.id);
    commands.set(command.id, command);
    result.push(command);
  }
  return result;
}

export function patchCommand(world: World, scope: string, id: string, patch: unknown): APIApplicationCommand {
  const commands = world.commandScope(scope);
  const existing = commands.get(id);
  if (!existing) throw new RestError(404, 10063, 'Unknown application command');
  const merged = parseCommandBody({ ...existing, ...(patch as object) });
  const command = toStoredCommand(world, merged, scope === 'global' ? null : scope, id);
  commands.set(id, command);
  return command;
}
