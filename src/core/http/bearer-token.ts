import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendProblem } from './problem.ts';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Lets a request through only with `Authorization: Bearer <token>`, else answers `401` as a problem document with
 * a `WWW-Authenticate` challenge. The comparison is constant-time over digests of equal length, so neither the
 * token's characters nor its length leak through response timing.
 */
export function requireBearer(token: string, what: string, variable: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (match && timingSafeEqual(digest(match[1]!), expected)) return next();
    res.setHeader('www-authenticate', `Bearer realm="${what}"`);
    sendProblem(res, 401, 'Unauthorized', match ? `The bearer token for ${what} is wrong.` : `${what} needs the header "Authorization: Bearer <token>", with the token set in ${variable}.`);
  };
}
