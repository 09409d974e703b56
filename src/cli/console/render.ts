import type { APIEmbed } from 'discord-api-types/v10';

interface ConsoleComponent {
  type: number;
  label?: string;
  custom_id?: string;
  placeholder?: string;
  options?: { label: string; value: string }[];
}

/** A reply as `/emulator` answers it. */
export interface ConsoleReply {
  type: number;
  content: string;
  embeds: APIEmbed[];
  components: { type: number; components?: ConsoleComponent[] }[];
  ephemeral: boolean;
  attachments: { filename: string; content_type: string; size: number; url?: string }[];
  message_id: string | null;
  modal?: { custom_id: string; title: string };
  /** Further messages the bot sent for the same interaction (a refusal after a deferred reply, results…). */
  follow_ups?: Omit<ConsoleReply, 'type' | 'follow_ups' | 'modal'>[];
}

const bold = (s: string): string => `\u001b[1m${s}\u001b[22m`;
const dim = (s: string): string => `\u001b[2m${s}\u001b[22m`;
const plain = (s: string): string => s;

/** Renders a bot reply as terminal text: content, embeds with fields, buttons and menus, attachments. */
export function renderReply(reply: ConsoleReply, color = true): string {
  const b = color ? bold : plain;
  const d = color ? dim : plain;
  const out: string[] = [];
  if (reply.ephemeral) out.push(d('(only you can see this)'));
  if (reply.content) out.push(reply.content);
  for (const embed of reply.embeds) {
    const bar = '│ ';
    if (embed.title) out.push(bar + b(embed.title));
    if (embed.description) out.push(...embed.description.split('\n').map((l) => bar + l));
    for (const field of embed.fields ?? []) {
      out.push(bar + b(field.name));
      out.push(...field.value.split('\n').map((l) => `${bar}  ${l}`));
    }
    if (embed.image?.url) out.push(`${bar}[image] ${embed.image.url}`);
    if (embed.footer?.text) out.push(bar + d(embed.footer.text));
  }
  for (const row of reply.components) {
    const parts = (row.components ?? []).map((c) => {
      if (c.type === 2) return `[ ${c.label ?? ''} ] ${d(`(${c.custom_id ?? 'link'})`)}`;
      if (c.options) return `[▼ ${c.placeholder ?? 'choose'}: ${c.options.map((o) => o.value).join(' | ')}] ${d(`(${c.custom_id})`)}`;
      return d(`[component type ${c.type}]`);
    });
    if (parts.length) out.push(parts.join('  '));
  }
  for (const a of reply.attachments) out.push(`📎 ${a.filename} (${a.content_type}, ${a.size} bytes)${a.url ? ` ${a.url}` : ''}`);
  if (reply.modal) out.push(`${b('[form]')} ${reply.modal.title} — answer with .modal ${reply.modal.custom_id} field:value …`);
  if (reply.message_id && reply.components.length) out.push(d(`message ${reply.message_id} — press a button with .press ${reply.message_id} <custom_id>`));
  for (const more of reply.follow_ups ?? []) out.push(renderReply({ ...more, type: 4 }, color));
  return out.join('\n') || d('(empty reply)');
}
