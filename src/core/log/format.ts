/** How log lines are written: one JSON object per line (for machines), or pretty, coloured lines (for a person). */
export const LOG_FORMATS = ['json', 'pretty'] as const;

/** One of {@link LOG_FORMATS}. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * Picks the log format: `LOG_FORMAT` when it is set, else pretty when a person is watching (stdout is a terminal)
 * and JSON when the output goes to a file, a pipe or a log collector. Test runners pipe stdout, so tests get JSON.
 * @param setting the validated `LOG_FORMAT`, if any
 * @param isTTY whether stdout is a terminal (`process.stdout.isTTY`)
 * @example chooseLogFormat(config.LOG_FORMAT, process.stdout.isTTY === true)
 */
export function chooseLogFormat(setting: LogFormat | undefined, isTTY: boolean): LogFormat {
  return setting ?? (isTTY ? 'pretty' : 'json');
}
