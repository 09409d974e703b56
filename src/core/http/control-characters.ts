import type { RequestHandler } from 'express';
import { untypeableCharacter } from '../text/untypeable.ts';
import { sendProblem } from './problem.ts';

/** Where an untypeable character was found: `path`, `query.<name>` or `body.<a.b.0>`, and which character. */
interface Found {
  field: string;
  character: string;
}

/** Most values of a JSON body looked at; a body larger than this in values is refused by its size limit first. */
const MAX_VALUES = 200_000;

/**
 * The first string (value or key) at any depth holding an untypeable character. Walks with its own stack, so a
 * deeply nested body cannot overflow the call stack.
 */
function findIn(root: unknown, prefix: string): Found | null {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: prefix }];
  let seen = 0;
  while (stack.length && seen++ < MAX_VALUES) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const character = untypeableCharacter(value);
      if (character) return { field: path, character };
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        const character = untypeableCharacter(key);
        if (character) return { field: `${path} (a key)`, character };
        stack.push({ value: inner, path: `${path}.${key}` });
      }
    }
  }
  return null;
}

function findInPath(rawPath: string): Found | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    // A malformed escape is Express's to answer (its params fail to decode with a 400).
    return null;
  }
  const character = untypeableCharacter(decoded);
  return character ? { field: 'path', character } : null;
}

/**
 * Refuses a request whose path, query string or JSON body holds a control character (NUL, BEL, …; tab, newline and
 * carriage return pass) with a 400 problem document naming the field, before any route sees it. A NUL reaching a
 * SQLite statement ended it ("unrecognized token", a 500), so no route may meet one. Mount it after the body parser.
 */
export function refuseControlCharacters(): RequestHandler {
  return (req, res, next) => {
    const found = findInPath(req.path) ?? findIn(req.query, 'query') ?? (req.body !== undefined ? findIn(req.body, 'body') : null);
    if (!found) return next();
    const where = found.field === 'path' ? 'The address' : `\`${found.field}\``;
    sendProblem(res, 400, 'Bad Request', `${where} contains a control character (${found.character}) that text cannot hold. Send it again without it.`, {
      code: 'INVALID_INPUT',
      errors: [{ path: found.field, message: `contains a control character (${found.character})` }],
    });
  };
}
