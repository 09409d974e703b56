/**
 * Progress reports from long exports, which also let the event loop breathe: a 50,000-row
 * PDF takes seconds of synchronous work, and the bot must keep answering meanwhile (the
 * progress callback itself usually edits a Discord reply).
 */

/** Called with rows written so far and the row count; see the exporters. */
export type ProgressCallback = (done: number, total: number) => void;

/** Rows written between reports and yields. */
export const PROGRESS_CHUNK = 500;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Counts rows as they are written; reports and yields every {@link PROGRESS_CHUNK} rows. */
export class ProgressTracker {
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly onProgress?: ProgressCallback,
  ) {}

  /** Reports that nothing is written yet, so a caller can show "0 of N" at once. */
  start(): void {
    this.onProgress?.(0, this.total);
  }

  /** Records one more row; every chunk, reports and yields. */
  async row(): Promise<void> {
    this.done++;
    if (this.done % PROGRESS_CHUNK === 0 && this.done < this.total) {
      this.onProgress?.(this.done, this.total);
      await yieldToEventLoop();
    }
  }

  /** Reports the final count, once every row is written. */
  finish(): void {
    this.onProgress?.(this.done, this.total);
  }
}
