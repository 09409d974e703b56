/** Why the football models refused their input. */
export type FootballModelErrorCode =
  | 'ML_DATA_FILE_UNREADABLE'
  | 'ML_DATA_NOT_FOOTBALL_CSV'
  | 'ML_DATA_NO_MATCHES'
  | 'ML_TRAIN_NEEDS_TWO_SEASONS'
  | 'ML_ARTEFACT_MISSING'
  | 'ML_ARTEFACT_INVALID';

/** An expected failure of the football models; `message` names the file or setting and what to change. */
export class FootballModelError extends Error {
  constructor(
    readonly code: FootballModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FootballModelError';
  }
}
