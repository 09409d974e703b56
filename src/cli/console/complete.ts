import { parseLine } from './parse-line.ts';
import { coerceOption, type RegisteredOption } from './commands-index.ts';

/** A suggestion for an option value, as Discord shows it: a label, and the value sent. */
export interface Choice {
  name: string;
  value: string | number;
}

/** Asks the bot for the choices of an option being typed (`/emulator/autocomplete`). */
export type AskChoices = (command: string, focused: string, options: Record<string, string | number | boolean>) => Promise<Choice[]>;

/** What Tab completes: the candidate lines, the part of the line they replace, and labels to show above them. */
export interface Completion {
  hits: string[];
  /** The end of the line the hits replace (readline's second value). */
  token: string;
  /** For value choices: "value  label" lines, so ids (a game's) read as what they are. */
  legend: string[];
}

const quote = (v: string): string => (/[\s"']/.test(v) ? `"${v.replace(/"/g, '')}"` : v);
const META = ['.as ', '.press ', '.select ', '.modal ', '.messages ', '.help', '.quit'];

/**
 * Tab completion as Discord offers it: command paths, then option names, then an option's values — its fixed
 * choices, or what the bot suggests for an autocomplete option (games, selections), asked with the options typed
 * so far, as Discord sends them.
 */
export async function complete(line: string, paths: ReadonlyMap<string, RegisteredOption[]>, ask: AskChoices): Promise<Completion> {
  if (line.startsWith('.')) return { hits: META.filter((m) => m.startsWith(line)), token: line, legend: [] };
  const typed = line.replace(/^\//, '').replace(/\s+/g, ' ');
  const all = [...paths.keys()];
  const exact = all.filter((p) => typed.startsWith(`${p} `)).sort((a, b) => b.length - a.length)[0];
  if (!exact) return { hits: all.filter((p) => `${p} `.startsWith(typed)).map((p) => `/${p} `), token: line, legend: [] };

  const options = paths.get(exact) ?? [];
  const last = /(?:^|\s)(\S*)$/.exec(line)?.[1] ?? '';
  const colon = last.indexOf(':');
  if (colon < 0) {
    const names = options.map((o) => `${o.name}:`).filter((n) => n.startsWith(last) && !line.includes(` ${n}`));
    return { hits: names, token: last, legend: [] };
  }
  const name = last.slice(0, colon);
  const partial = last.slice(colon + 1).replace(/^["']/, '');
  const option = options.find((o) => o.name === name);
  if (!option) return { hits: [], token: last, legend: [] };
  let choices: Choice[] = [];
  if (option.choices?.length) {
    choices = option.choices.filter((c) => String(c.value).toLowerCase().startsWith(partial.toLowerCase()) || c.name.toLowerCase().includes(partial.toLowerCase()));
  } else if (option.autocomplete) {
    // The other options typed so far go with it, as Discord sends them (selection choices depend on the game).
    let before: Record<string, string> = {};
    try {
      before = parseLine(`x ${line.slice(line.indexOf(exact) + exact.length, line.length - last.length)}`).options;
    } catch {
      before = {};
    }
    const typedOptions = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, coerceOption(options.find((o) => o.name === k), v)]));
    choices = await ask(exact, name, { ...typedOptions, [name]: partial });
  }
  return {
    hits: choices.map((c) => `${name}:${quote(String(c.value))} `),
    token: last,
    legend: choices.length > 1 || (choices.length === 1 && String(choices[0]!.value) !== choices[0]!.name) ? choices.map((c) => `  ${String(c.value).padEnd(12)} ${c.name}`) : [],
  };
}
