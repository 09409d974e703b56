import type { RequestParamHandler } from 'express';
import { sendProblem } from '../http/problem.ts';
import type { Gate } from './gate.ts';
import { apiPrincipalOf } from '../api/http.ts';

/**
 * The gate on raw HTTP routes: a `:guildId` parameter must be the API key's own server (404 otherwise, as for
 * anything a key cannot see), and the route answers 403 (problem+json) for a guild where the plugin is off.
 */
export function gateGuildParam(gate: Gate, plugin: string): RequestParamHandler {
  return (req, res, next, guildId: string) => {
    if (!/^\d{5,25}$/.test(guildId)) {
      sendProblem(res, 400, 'Bad Request', `"${guildId}" is not a Discord server id (digits only).`);
      return;
    }
    const principal = apiPrincipalOf(res);
    if (principal && principal.guildId !== guildId) {
      sendProblem(res, 404, 'Not Found', 'Nothing of that server is visible to this API key: a key sees only the server it was created in.', { code: 'NOT_FOUND' });
      return;
    }
    gate.check(plugin, guildId).then((result) => {
      if (result.ok) return next();
      sendProblem(res, 403, 'Plugin not available', result.message, { code: result.identifier, plugin, ...(result.requiredTier ? { requiredTier: result.requiredTier } : {}) });
    }, next);
  };
}
