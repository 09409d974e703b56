import { Refusal } from 'dbsbm';

/**
 * Characters a member-chosen label may not contain, with the name a refusal shows: controls (C0, DEL, C1),
 * bidirectional overrides and isolates (they reorder what follows, so "Winner" can display as something else),
 * and invisible or zero-width characters (two names that look the same, or a name that looks empty).
 */
const FORBIDDEN: readonly { from: number; to: number; kind: string }[] = [
  { from: 0x0000, to: 0x001f, kind: 'a control character' },
  { from: 0x007f, to: 0x009f, kind: 'a control character' },
  { from: 0x00ad, to: 0x00ad, kind: 'an invisible soft hyphen' },
  { from: 0x034f, to: 0x034f, kind: 'an invisible combining grapheme joiner' },
  { from: 0x061c, to: 0x061c, kind: 'a text-direction mark' },
  { from: 0x115f, to: 0x1160, kind: 'an invisible Hangul filler' },
  { from: 0x17b4, to: 0x17b5, kind: 'an invisible Khmer vowel' },
  { from: 0x180b, to: 0x180f, kind: 'an invisible Mongolian variation selector' },
  { from: 0x200b, to: 0x200d, kind: 'a zero-width character' },
  { from: 0x200e, to: 0x200f, kind: 'a text-direction mark' },
  { from: 0x2028, to: 0x2029, kind: 'a line or paragraph separator' },
  { from: 0x202a, to: 0x202e, kind: 'a text-direction override' },
  { from: 0x2060, to: 0x2064, kind: 'an invisible character' },
  { from: 0x2066, to: 0x2069, kind: 'a text-direction isolate' },
  { from: 0x206a, to: 0x206f, kind: 'an invisible formatting character' },
  { from: 0x3164, to: 0x3164, kind: 'an invisible Hangul filler' },
  { from: 0xfe00, to: 0xfe0f, kind: 'an invisible variation selector' },
  { from: 0xfeff, to: 0xfeff, kind: 'a zero-width no-break space' },
  { from: 0xffa0, to: 0xffa0, kind: 'an invisible Hangul filler' },
  { from: 0xfff9, to: 0xfffb, kind: 'an invisible annotation character' },
  { from: 0xe0000, to: 0xe007f, kind: 'an invisible tag character' },
];

/** Where a label breaks the rule: the first forbidden character, its code point and its position (1-based, in characters). */
export interface UnsafeCharacter {
  codePoint: string;
  kind: string;
  position: number;
}

/**
 * The first character of `text` that a label may not contain, or null when it is safe.
 * @example findUnsafeCharacter('Sharp\u202Eyek') // { codePoint: 'U+202E', kind: 'a text-direction override', position: 6 }
 */
export function findUnsafeCharacter(text: string): UnsafeCharacter | null {
  let position = 0;
  for (const char of text) {
    position++;
    const cp = char.codePointAt(0)!;
    const hit = FORBIDDEN.find((r) => cp >= r.from && cp <= r.to);
    if (hit) return { codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`, kind: hit.kind, position };
  }
  return null;
}

/**
 * The one check for every label betting stores from a member's free text (capper names, prop descriptions, regrade
 * reasons): refuses (UNSAFE_TEXT) a control, invisible or text-direction character, saying which and where.
 * Returns the text unchanged when it is safe.
 * @param what What the text is, for the message ("The capper name").
 */
export function assertSafeLabel(text: string, what: string): string {
  const bad = findUnsafeCharacter(text);
  if (bad) {
    throw new Refusal('UNSAFE_TEXT', `${what} contains ${bad.kind} (${bad.codePoint}) at character ${bad.position}.`, {
      next: 'Type it again without that character (copying from some sites adds hidden characters).',
    });
  }
  return text;
}
