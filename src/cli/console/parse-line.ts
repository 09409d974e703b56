/** One typed command: its path (`plugins enable`) and `key:value` options, values still text. */
export interface ParsedLine {
  path: string[];
  options: Record<string, string>;
}

/** Splits on spaces, keeping "double quoted" or 'single quoted' runs together (quotes may follow `key:`). */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (quote) throw new Error(`a ${quote} quote is not closed`);
  if (started) tokens.push(current);
  return tokens;
}

/**
 * Reads `/bet place game:"Arsenal v Chelsea" odds:-110 units:2` the way Discord's client shows a command:
 * words up to the first `key:value` are the command path, the rest are options.
 */
export function parseLine(line: string): ParsedLine {
  const tokens = tokenize(line.trim().replace(/^\//, ''));
  const path: string[] = [];
  const options: Record<string, string> = {};
  for (const token of tokens) {
    const at = token.indexOf(':');
    if (at > 0) {
      options[token.slice(0, at)] = token.slice(at + 1);
    } else if (Object.keys(options).length === 0) {
      path.push(token);
    } else {
      throw new Error(`"${token}" is not an option; write options as name:value (quote values with spaces)`);
    }
  }
  return { path, options };
}
