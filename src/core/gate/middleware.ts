import type { RequestParamHandler } from 'express';
import { sendProblem } from '../http/problem.ts';
import type { Gate } from './gate.ts';

/**
 * The gate on HTTP: every route of a plugin with a `:guildId` parameter answers 403 (problem+json) for a guild
 * where the plugin is off, before the route runs.
 */
export function gateGuildParam(gate: Gate, plugin: string): RequestParamHandler {
  return (req, res, next, guildId: string) => {
    if (!/^\d{5,25}$/.test(guildId)) {
      sendProblem(res, 400, 'Bad Request', `"${guildId}" is not a Discord server id (digits only).`);
      return;
    }
    gate.check(plugin, guildId).then((result) => {
      if (result.ok) return next();
      sendProblem(res, 403, 'Plugin not available', result.message, { code: result.identifier, plugin, ...(result.requiredTier ? { requiredTier: result.requiredTier } : {}) });
    }, next);
  };
}
