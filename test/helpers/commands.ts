import type { APIApplicationCommand } from 'discord-api-types/v10';
import betting from '../../src/plugins/betting/index.ts';
import webhooks from '../../src/plugins/webhooks/index.ts';
import analytics from '../../src/plugins/analytics/index.ts';
import ml from '../../src/plugins/ml/index.ts';
import performance from '../../src/plugins/performance/index.ts';
import api from '../../src/plugins/api/index.ts';
import stream from '../../src/plugins/stream/index.ts';
import notifications from '../../src/plugins/notifications/index.ts';
import type { PluginEntry } from '../../src/core/plugins/types.ts';
import type { InteractionResult } from '../../src/emulator/index.ts';

/** Every built-in plugin with test options, as a platinum server would run them. */
export const builtInPlugins: PluginEntry[] = [
  { plugin: betting },
  { plugin: webhooks, options: { secretKey: 'test-key-0123456789-0123456789-0123456789', allowedHosts: ['127.0.0.1'] } },
  { plugin: analytics },
  { plugin: ml },
  // No minute timer in tests: they roll up with a clock of their own.
  { plugin: performance, options: { sampler: false } },
  { plugin: api },
  { plugin: stream },
  { plugin: notifications, options: { linkSecret: 'test-link-secret-0123456789-0123456789' } },
];

/** Option types of Discord's ApplicationCommandOptionType that a leaf command can take. */
export const OptionKind = { String: 3, Integer: 4, Boolean: 5, User: 6, Channel: 7, Role: 8, Mentionable: 9, Number: 10, Attachment: 11 } as const;

/** Discord's limit on a string option value when the command sets no `max_length`. */
export const DISCORD_MAX_STRING = 6000;

/** One option of a leaf command, as the bot registered it. */
export interface LeafOption {
  name: string;
  type: number;
  required: boolean;
  autocomplete: boolean;
  choices?: (string | number)[];
  minLength?: number;
  maxLength: number;
  minValue?: number;
  maxValue?: number;
}

/** A runnable command path (`'bet place'`) and its options. */
export interface LeafCommand {
  path: string;
  options: LeafOption[];
}

interface RawOption {
  type: number;
  name: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { value: string | number }[];
  options?: RawOption[];
  min_length?: number;
  max_length?: number;
  min_value?: number;
  max_value?: number;
}

/** Walks the registered commands down to their leaves (a command, subcommand or group + subcommand). */
export function leafCommands(commands: APIApplicationCommand[]): LeafCommand[] {
  const leaves: LeafCommand[] = [];
  const walk = (path: string, options: RawOption[]): void => {
    const subs = options.filter((o) => o.type === 1 || o.type === 2);
    if (subs.length > 0) {
      for (const sub of subs) walk(`${path} ${sub.name}`, sub.options ?? []);
      return;
    }
    leaves.push({
      path,
      options: options.map((o) => ({
        name: o.name,
        type: o.type,
        required: o.required === true,
        autocomplete: o.autocomplete === true,
        ...(o.choices?.length ? { choices: o.choices.map((c) => c.value) } : {}),
        ...(o.min_length !== undefined ? { minLength: o.min_length } : {}),
        maxLength: o.max_length ?? DISCORD_MAX_STRING,
        ...(o.min_value !== undefined ? { minValue: o.min_value } : {}),
        ...(o.max_value !== undefined ? { maxValue: o.max_value } : {}),
      })),
    });
  };
  for (const command of commands.filter((c) => (c.type ?? 1) === 1)) walk(command.name, (command.options ?? []) as RawOption[]);
  return leaves;
}

/** Whether a reply is the core's answer to an unexpected error (a bug), not a refusal or a result. */
export const isCrash = (reply: InteractionResult): boolean => reply.embeds.some((e) => e.title === 'Something went wrong');

/** Whether a reply has the one refusal shape (private, red, "Nothing was changed.", the code in the footer). */
export const isRefusal = (reply: InteractionResult): boolean =>
  reply.ephemeral &&
  reply.embeds.length === 1 &&
  reply.embeds[0]!.color === 0xef4444 &&
  /Nothing was changed\.$/.test(reply.embeds[0]!.description ?? '') &&
  /^Code: /.test(reply.embeds[0]!.footer?.text ?? '');
