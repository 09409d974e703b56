import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { z } from 'zod';
import type { CommandOptionInput, EmulatorAttachmentInput } from '../../emulator/index.ts';

/**
 * The bodies `/emulator/*` accepts (documented field by field in docs/emulator.md). Every object is strict: a field
 * the API does not know is refused with its name, never ignored (a silently ignored `"user"` once ran a command as
 * the owner).
 */

const snowflake = z.string().regex(/^\d{5,25}$/, 'must be a Discord id (digits)');

/**
 * A file for an ATTACHMENT option: its bytes as base64 (`content_base64`), as text (`content`), or read from a path
 * on this machine (`path`, relative to the bot's working directory). `filename` defaults to the path's base name.
 */
const attachmentValue = z
  .object({
    filename: z.string().min(1).max(200).optional(),
    content_type: z.string().min(1).max(200).optional(),
    content_base64: z.base64().optional(),
    content: z.string().optional(),
    path: z.string().min(1).optional(),
  })
  .strict()
  .refine((a) => [a.content_base64, a.content, a.path].filter((v) => v !== undefined).length === 1, {
    message: 'an attachment takes exactly one of content_base64, content or path',
  })
  .refine((a) => a.filename !== undefined || a.path !== undefined, { message: 'name the file: filename' });

type AttachmentValue = z.infer<typeof attachmentValue>;

const optionValue = z.union([z.string(), z.number(), z.boolean(), attachmentValue]);

/** Who and where: ids, or a user by name (`"user": "carol"`: a demo user, or any emulator username). */
const where = {
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  user_id: snowflake.optional(),
  user: z.string().min(1).max(100).optional(),
};

export const interactionBody = z
  .object({
    command: z.string().trim().min(1, 'name the command, e.g. "plugins list"').transform((c) => c.replace(/^\//, '')),
    options: z.record(z.string(), optionValue).default({}),
    ...where,
  })
  .strict();

export const autocompleteBody = interactionBody.extend({ focused: z.string().min(1, 'name the option being typed') }).strict();

export const componentBody = z
  .object({ message_id: snowflake, custom_id: z.string().min(1), values: z.array(z.string()).optional(), ...where })
  .strict();

export const modalBody = z.object({ custom_id: z.string().min(1), fields: z.record(z.string(), z.string()).default({}), ...where }).strict();

/** The caller's way of saying who acts. */
export type Who = { user?: string | undefined; user_id?: string | undefined };

/** Thrown for a body whose fields are well-formed but do not make sense together or name nobody. */
export class EmulatorBodyError extends Error {}

/**
 * The user id a body names: `user_id`, or `user` by name (demo names first, then emulator usernames), or undefined
 * for the default user.
 */
export function userIdOf(body: Who, names: Readonly<Record<string, string>>, usernames: () => { id: string; username: string }[]): string | undefined {
  if (body.user !== undefined && body.user_id !== undefined) throw new EmulatorBodyError('give user or user_id, not both');
  if (body.user_id !== undefined) return body.user_id;
  if (body.user === undefined) return undefined;
  const name = body.user.replace(/^@/, '');
  const byName = names[name.toLowerCase()] ?? usernames().find((u) => u.username.toLowerCase() === name.toLowerCase())?.id;
  if (byName) return byName;
  if (/^\d{5,25}$/.test(name)) return name;
  throw new EmulatorBodyError(`user: no user named "${body.user}". Demo users: ${Object.keys(names).join(', ')}`);
}

async function toAttachment(value: AttachmentValue): Promise<EmulatorAttachmentInput> {
  let content: Buffer | string;
  if (value.path !== undefined) {
    const path = resolve(value.path);
    try {
      content = await readFile(path);
    } catch (err) {
      throw new EmulatorBodyError(`path: cannot read "${path}" (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else {
    content = value.content_base64 !== undefined ? Buffer.from(value.content_base64, 'base64') : (value.content ?? '');
  }
  return {
    filename: value.filename ?? basename(value.path ?? 'file'),
    content,
    ...(value.content_type ? { contentType: value.content_type } : {}),
  };
}

/** Turns the body's option values into the emulator's, uploading attachment values. */
export async function commandOptions(options: Record<string, z.infer<typeof optionValue>>): Promise<Record<string, CommandOptionInput>> {
  const out: Record<string, CommandOptionInput> = {};
  for (const [name, value] of Object.entries(options)) {
    out[name] = typeof value === 'object' ? await toAttachment(value) : value;
  }
  return out;
}
