import type { APIEmbed, APIMessageTopLevelComponent } from 'discord-api-types/v10';
import { z } from 'zod';
import { RestError } from './errors.ts';
import type { AttachmentRecord, MessageRecord, World } from './world.ts';

/** A file part of a multipart/form-data request (`files[n]`). */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

const attachmentRefSchema = z
  .object({
    id: z.union([z.string(), z.number()]),
    filename: z.string().optional(),
    description: z.string().nullable().optional(),
  })
  .loose();

const embedSchema = z
  .object({
    title: z.string().max(256).optional(),
    description: z.string().max(4096).optional(),
    fields: z.array(z.object({ name: z.string().min(1).max(256), value: z.string().min(1).max(1024), inline: z.boolean().optional() })).max(25).optional(),
    footer: z.object({ text: z.string().max(2048) }).loose().optional(),
    author: z.object({ name: z.string().max(256) }).loose().optional(),
  })
  .loose();

/** The message fields discord.js sends when creating/editing messages, replies and follow-ups. */
export const messageBodySchema = z
  .object({
    content: z.string().max(2000).nullable().optional(),
    embeds: z.array(embedSchema).max(10).nullable().optional(),
    components: z.array(z.object({ type: z.number().int() }).loose()).nullable().optional(),
    attachments: z.array(attachmentRefSchema).nullable().optional(),
    flags: z.number().int().nullable().optional(),
    message_reference: z.object({ message_id: z.string().optional() }).loose().nullable().optional(),
    sticker_ids: z.array(z.string()).optional(),
    poll: z.unknown().optional(),
    nonce: z.union([z.string().max(25), z.number().int()]).optional(),
    enforce_nonce: z.boolean().optional(),
  })
  .loose();

export type MessageBody = z.infer<typeof messageBodySchema>;

/** Parses a message body, answering Discord's "Invalid Form Body" (50035) with the zod issues. */
export function parseMessageBody(body: unknown): MessageBody {
  const result = messageBodySchema.safeParse(body ?? {});
  if (!result.success) throw new RestError(400, 50035, 'Invalid Form Body', z.treeifyError(result.error));
  const embeds = result.data.embeds ?? [];
  const total = embeds.reduce(
    (n, e) =>
      n +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0) +
      (e.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0),
    0,
  );
  if (total > 6000) throw new RestError(400, 50035, 'Invalid Form Body', { embeds: 'Embed size exceeds maximum size of 6000' });
  return result.data;
}

export interface MessageContent {
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachments: AttachmentRecord[];
  flags: number;
}

/**
 * Turns a create/edit body plus uploaded files into message fields. On edit (`existing` given),
 * absent fields keep their value and `attachments` lists which existing attachments survive, as on Discord.
 */
export function buildMessageContent(
  world: World,
  channelId: string,
  body: MessageBody,
  files: UploadedFile[],
  existing?: MessageRecord,
): MessageContent {
  const uploads = new Map(files.map((f, index) => [fileKey(f.field, index), f]));
  const used = new Set<string>();
  let attachments: AttachmentRecord[] = existing ? [...existing.attachments] : [];
  if (body.attachments) {
    attachments = [];
    for (const ref of body.attachments) {
      const key = String(ref.id);
      const upload = uploads.get(key);
      if (upload) {
        used.add(key);
        attachments.push(
          world.storeAttachment(channelId, {
            filename: ref.filename ?? upload.filename,
            contentType: upload.contentType,
            data: upload.data,
            description: ref.description ?? null,
          }),
        );
        continue;
      }
      const kept = existing?.attachments.find((a) => a.id === key);
      if (!kept) throw new RestError(400, 50035, 'Invalid Form Body', { attachments: `Unknown attachment id ${key}` });
      attachments.push(kept);
    }
  }
  for (const [key, upload] of uploads) {
    if (used.has(key)) continue;
    attachments.push(world.storeAttachment(channelId, { filename: upload.filename, contentType: upload.contentType, data: upload.data }));
  }
  if (attachments.length > 10) throw new RestError(400, 50035, 'Invalid Form Body', { files: 'Maximum number of attachments is 10' });
  return {
    content: body.content !== undefined && body.content !== null ? body.content : (existing?.content ?? ''),
    embeds: body.embeds !== undefined && body.embeds !== null ? (body.embeds as APIEmbed[]) : (existing?.embeds ?? []),
    components:
      body.components !== undefined && body.components !== null
        ? (body.components as unknown as APIMessageTopLevelComponent[])
        : (existing?.components ?? []),
    attachments,
    flags: body.flags ?? existing?.flags ?? 0,
  };
}

/** `files[3]` and a bare `3` both refer to attachment id 3. */
function fileKey(field: string, index: number): string {
  const match = /^files\[(\d+)\]$/.exec(field) ?? /^file(\d*)$/.exec(field);
  if (match?.[1]) return match[1];
  return String(index);
}

/** Discord refuses messages with nothing to show (50006). */
export function assertNotEmpty(content: MessageContent, body: MessageBody): void {
  const empty =
    content.content.trim() === '' &&
    content.embeds.length === 0 &&
    content.attachments.length === 0 &&
    content.components.length === 0 &&
    (body.sticker_ids?.length ?? 0) === 0 &&
    body.poll === undefined;
  if (empty) throw new RestError(400, 50006, 'Cannot send an empty message');
}
