import type {
  APIApplicationCommand,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  APIInteractionDataResolved,
} from 'discord-api-types/v10';
import { EmulatorInputError } from './errors.ts';
import { ResolvedBuilder } from './resolved.ts';
import type { CommandOptionInput, EmulatorAttachmentInput } from './types.ts';
import type { World } from './world.ts';

/** Application command option types (Discord's ApplicationCommandOptionType). */
export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

const TYPE_NAMES: Record<number, string> = {
  1: 'SUB_COMMAND',
  2: 'SUB_COMMAND_GROUP',
  3: 'STRING',
  4: 'INTEGER',
  5: 'BOOLEAN',
  6: 'USER',
  7: 'CHANNEL',
  8: 'ROLE',
  9: 'MENTIONABLE',
  10: 'NUMBER',
  11: 'ATTACHMENT',
};

/** The `data` of an APPLICATION_COMMAND / APPLICATION_COMMAND_AUTOCOMPLETE interaction. */
export interface CommandInteractionData {
  id: string;
  name: string;
  type: 1;
  options?: APIApplicationCommandInteractionDataOption[];
  resolved?: APIInteractionDataResolved;
  guild_id?: string;
}

export interface BuildCommandInput {
  path: string;
  options: Record<string, CommandOptionInput>;
  guildId: string | null;
  userId: string;
  channelId: string;
  /** Set for autocomplete: the option being typed; required options are then not enforced. */
  focused?: string;
}

/** Loose view of an option definition: the discord-api-types union is too narrow to walk generically. */
interface OptionDef {
  type: number;
  name: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  options?: OptionDef[];
  channel_types?: number[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
}

const list = (names: string[]): string => (names.length ? names.join(', ') : '(none)');

/** The chat-input commands a user could invoke at this place: guild commands first, then global ones. */
export function availableCommands(world: World, guildId: string | null): APIApplicationCommand[] {
  const guild = guildId ? [...(world.commands.get(guildId)?.values() ?? [])] : [];
  const global = [...(world.commands.get('global')?.values() ?? [])];
  return [...guild, ...global].filter((c) => (c.type ?? 1) === 1);
}

/**
 * Resolves a command path ("plugins list") against what the bot registered and builds the nested
 * interaction options exactly as Discord would, validating every value; throws EmulatorInputError otherwise.
 */
export function buildCommandData(world: World, input: BuildCommandInput): { command: APIApplicationCommand; data: CommandInteractionData } {
  const tokens = input.path.trim().split(/\s+/).filter(Boolean);
  const [name, ...rest] = tokens;
  if (!name) throw new EmulatorInputError('Empty command path');
  const commands = availableCommands(world, input.guildId);
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const registered = [...new Set(commands.map((c) => c.name))];
    throw new EmulatorInputError(
      registered.length
        ? `Unknown command "${name}". Registered: ${registered.join(', ')}`
        : `Unknown command "${name}": the bot has registered no chat-input commands${input.guildId ? ` usable in guild ${input.guildId}` : ' usable in DMs'}`,
    );
  }
  assertUsable(world, command, input);

  const topOptions = (command.options ?? []) as OptionDef[];
  let leafOptions = topOptions;
  const wrap: ((inner: APIApplicationCommandInteractionDataOption[]) => APIApplicationCommandInteractionDataOption[])[] = [];
  const hasSubs = (defs: OptionDef[]) => defs.some((o) => o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup);
  let label = name;
  let remaining = rest;
  while (hasSubs(leafOptions)) {
    const subs = leafOptions.filter((o) => o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup);
    const [next, ...others] = remaining;
    if (!next) throw new EmulatorInputError(`Command "${label}" needs a subcommand: ${list(subs.map((s) => s.name))}`);
    const sub = subs.find((s) => s.name === next);
    if (!sub) throw new EmulatorInputError(`Unknown subcommand "${next}" of "${label}". Available: ${list(subs.map((s) => s.name))}`);
    wrap.push((inner) => [{ type: sub.type, name: sub.name, options: inner } as APIApplicationCommandInteractionDataOption]);
    leafOptions = sub.options ?? [];
    label = `${label} ${next}`;
    remaining = others;
  }
  if (remaining.length > 0) throw new EmulatorInputError(`Command "${label}" has no subcommand "${remaining.join(' ')}"`);

  const resolved = new ResolvedBuilder(world, input.guildId);
  const values: APIApplicationCommandInteractionDataOption[] = [];
  if (input.focused !== undefined) {
    const def = leafOptions.find((o) => o.name === input.focused);
    if (!def) throw new EmulatorInputError(`Unknown option "${input.focused}" for "/${label}". Options: ${list(leafOptions.map((o) => o.name))}`);
    if (!def.autocomplete) throw new EmulatorInputError(`Option "${def.name}" of "/${label}" was not registered with autocomplete: true`);
  }
  for (const [key, value] of Object.entries(input.options)) {
    const def = leafOptions.find((o) => o.name === key);
    if (!def) throw new EmulatorInputError(`Unknown option "${key}" for "/${label}". Options: ${list(leafOptions.map((o) => o.name))}`);
    if (key === input.focused) {
      values.push({ type: def.type, name: key, value: String(value), focused: true } as APIApplicationCommandInteractionDataOption);
      continue;
    }
    values.push(convertOption(world, def, value, label, input.channelId, resolved));
  }
  if (input.focused !== undefined && !(input.focused in input.options)) {
    const def = leafOptions.find((o) => o.name === input.focused) as OptionDef;
    values.push({ type: def.type, name: def.name, value: '', focused: true } as APIApplicationCommandInteractionDataOption);
  }
  if (input.focused === undefined) {
    const missing = leafOptions.filter((o) => o.required && !(o.name in input.options)).map((o) => o.name);
    if (missing.length) throw new EmulatorInputError(`Missing required option(s) for "/${label}": ${missing.join(', ')}`);
  }

  // Discord sends options in their registered order, not in the order the user typed them.
  const order = (n: string) => leafOptions.findIndex((o) => o.name === n);
  values.sort((a, b) => order(a.name) - order(b.name));
  let options: APIApplicationCommandInteractionDataOption[] = values;
  for (const w of wrap.reverse()) options = w(options);

  const data: CommandInteractionData = { id: command.id, name: command.name, type: 1 };
  if (options.length) data.options = options;
  if (!resolved.isEmpty) data.resolved = resolved.data;
  if (command.guild_id) data.guild_id = command.guild_id;
  return { command, data };
}

function assertUsable(world: World, command: APIApplicationCommand, input: BuildCommandInput): void {
  if (input.guildId === null) {
    const dmAllowed = command.contexts ? command.contexts.includes(1) : command.dm_permission !== false;
    if (!dmAllowed) throw new EmulatorInputError(`Command "${command.name}" is not available in DMs (contexts/dm_permission)`);
    return;
  }
  if (command.contexts && !command.contexts.includes(0)) {
    throw new EmulatorInputError(`Command "${command.name}" is not available in guilds (contexts)`);
  }
  const required = command.default_member_permissions;
  if (required !== null && required !== undefined) {
    const needed = BigInt(required);
    const has = world.permissions(input.guildId, input.userId, input.channelId);
    // Discord hides such a command from members lacking the permissions, so they cannot run it at all.
    if ((has & needed) !== needed) {
      throw new EmulatorInputError(
        `User ${input.userId} cannot use "/${command.name}": it requires permissions ${needed} (default_member_permissions) and the member has ${has}`,
      );
    }
  }
}

function isAttachmentInput(value: CommandOptionInput): value is EmulatorAttachmentInput {
  return typeof value === 'object' && value !== null && 'filename' in value && 'content' in value;
}

function convertOption(
  world: World,
  def: OptionDef,
  value: CommandOptionInput,
  label: string,
  channelId: string,
  resolved: ResolvedBuilder,
): APIApplicationCommandInteractionDataOption {
  const where = `option "${def.name}" of "/${label}"`;
  const expected = TYPE_NAMES[def.type] ?? `type ${def.type}`;
  const wrong = () =>
    new EmulatorInputError(`Wrong value type for ${where}: expected ${expected}, got ${typeof value} ${JSON.stringify(value)}`);
  const checkChoices = (v: string | number) => {
    if (def.choices && def.choices.length > 0 && !def.choices.some((c) => c.value === v)) {
      throw new EmulatorInputError(
        `Value ${JSON.stringify(v)} is not a choice of ${where}. Choices: ${def.choices.map((c) => `${c.name} (${JSON.stringify(c.value)})`).join(', ')}`,
      );
    }
  };
  const make = (v: string | number | boolean) => ({ type: def.type, name: def.name, value: v }) as APIApplicationCommandInteractionDataOption;

  switch (def.type) {
    case OptionType.String: {
      if (typeof value !== 'string') throw wrong();
      checkChoices(value);
      if (def.min_length !== undefined && value.length < def.min_length) throw new EmulatorInputError(`${where} must be at least ${def.min_length} characters`);
      if (def.max_length !== undefined && value.length > def.max_length) throw new EmulatorInputError(`${where} must be at most ${def.max_length} characters`);
      return make(value);
    }
    case OptionType.Integer:
    case OptionType.Number: {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong();
      if (def.type === OptionType.Integer && !Number.isInteger(value)) throw wrong();
      checkChoices(value);
      if (def.min_value !== undefined && value < def.min_value) throw new EmulatorInputError(`${where} must be >= ${def.min_value}`);
      if (def.max_value !== undefined && value > def.max_value) throw new EmulatorInputError(`${where} must be <= ${def.max_value}`);
      return make(value);
    }
    case OptionType.Boolean:
      if (typeof value !== 'boolean') throw wrong();
      return make(value);
    case OptionType.User:
      if (typeof value !== 'string') throw wrong();
      resolved.addUser(value);
      return make(value);
    case OptionType.Channel:
      if (typeof value !== 'string') throw wrong();
      resolved.addChannel(value, def.channel_types);
      return make(value);
    case OptionType.Role:
      if (typeof value !== 'string') throw wrong();
      resolved.addRole(value);
      return make(value);
    case OptionType.Mentionable:
      if (typeof value !== 'string') throw wrong();
      resolved.addMentionable(value);
      return make(value);
    case OptionType.Attachment: {
      if (!isAttachmentInput(value)) throw wrong();
      const attachment = world.storeAttachment(channelId, {
        filename: value.filename,
        contentType: value.contentType,
        data: typeof value.content === 'string' ? Buffer.from(value.content) : value.content,
      });
      resolved.addAttachment(attachment);
      return make(attachment.id);
    }
    default:
      throw new EmulatorInputError(`${where} has unsupported type ${def.type}`);
  }
}

/** Registered option definitions are validated loosely; this narrows what command bodies must contain. */
export type RegisteredOption = APIApplicationCommandOption;
