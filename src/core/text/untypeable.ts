/**
 * Characters no member means to type: C0 controls other than tab, newline and carriage return (NUL among them), DEL,
 * unpaired surrogates and the non-characters U+FFFE/U+FFFF. They broke things far from where they came in (a NUL ends
 * a SQLite statement, since MikroORM writes values into the SQL text; a BEL makes a chart's SVG invalid XML), so every
 * edge refuses them: slash commands, autocomplete, buttons, menus, modals and HTTP.
 */
// eslint-disable-next-line no-control-regex
export const UNTYPEABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first untypeable character of a text as `U+XXXX`, or null when the text is clean.
 * @example untypeableCharacter('a\u0000b') // 'U+0000'
 */
export function untypeableCharacter(text: string): string | null {
  const match = UNTYPEABLE.exec(text);
  return match ? `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}
