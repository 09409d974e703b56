import { Refusal } from '../refusals/refusal.ts';
import type { CoreRefusalCode } from '../refusals/codes.ts';
import { SettingError } from './settings-service.ts';

const CODE: Record<SettingError['code'], CoreRefusalCode> = {
  UNKNOWN_PLUGIN: 'NOT_FOUND',
  UNKNOWN_SETTING: 'NOT_FOUND',
  NO_SETTINGS: 'NOT_FOUND',
  INVALID_VALUE: 'INVALID_INPUT',
  INVALID_TIER: 'INVALID_INPUT',
  INVALID_LIMIT: 'INVALID_INPUT',
  TIER_TOO_LOW: 'NOT_ALLOWED',
  DEPENDENCY_OFF: 'CONFLICT',
};

/**
 * The refusal a core command throws for a {@link SettingError}, so `/plugins`, `/settings` and `/tier` answer in the
 * one refusal shape (private, "Nothing was changed.", the code in the footer) with the command's own headline.
 * Anything else is rethrown as it was.
 */
export function asSettingRefusal(err: unknown, title: string): unknown {
  if (!(err instanceof SettingError)) return err;
  // The service's messages end with "Nothing was changed."; the refusal embed says it once.
  const message = err.message.replace(/\s*Nothing was changed\.\s*/g, ' ').trim();
  return new Refusal(CODE[err.code], message, { title, cause: err });
}
