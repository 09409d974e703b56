/** An application command as `/emulator/commands` lists it (Discord's shape, the parts we read). */
export interface RegisteredCommand {
  name: string;
  type?: number;
  options?: RegisteredOption[];
}

export interface RegisteredOption {
  name: string;
  type: number;
  required?: boolean;
  /** The bot suggests values as the member types (games, selections). */
  autocomplete?: boolean;
  /** Fixed values to pick from. */
  choices?: { name: string; value: string | number }[];
  options?: RegisteredOption[];
}

/** Every runnable path (`plugins enable`) with its leaf options, for completion and for typing values. */
export function commandPaths(commands: RegisteredCommand[]): Map<string, RegisteredOption[]> {
  const paths = new Map<string, RegisteredOption[]>();
  const walk = (prefix: string, options: RegisteredOption[] | undefined): void => {
    const subs = (options ?? []).filter((o) => o.type === 1 || o.type === 2);
    if (subs.length === 0) {
      paths.set(prefix, options ?? []);
      return;
    }
    for (const sub of subs) walk(`${prefix} ${sub.name}`, sub.options);
  };
  for (const command of commands) if ((command.type ?? 1) === 1) walk(command.name, command.options);
  return paths;
}

/** Turns typed text into the option's type: integers and numbers as numbers, booleans as booleans. */
export function coerceOption(option: RegisteredOption | undefined, value: string): string | number | boolean {
  if (!option) return value;
  if ((option.type === 4 || option.type === 10) && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  if (option.type === 5 && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return value;
}
