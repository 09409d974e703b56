/** A text progress bar for a deferred reply that is edited as long work goes on. */
export function progressBar(done: number, total: number, width = 12): string {
  const share = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(share * width);
  return `${'▰'.repeat(filled)}${'▱'.repeat(width - filled)} ${Math.round(share * 100)}%`;
}

/**
 * Calls `edit` at most every `everyMs` (Discord rate-limits edits), and always for the last step, so a long export
 * shows progress without flooding the API.
 */
export function throttledProgress(
  edit: (done: number, total: number) => Promise<unknown>,
  everyMs = 1000,
): ((done: number, total: number) => void) & { settle(): Promise<void> } {
  let last = 0;
  let stopped = false;
  let pending: Promise<unknown> = Promise.resolve();
  const update = (done: number, total: number): void => {
    if (stopped) return;
    const now = Date.now();
    if (done < total && now - last < everyMs) return;
    last = now;
    pending = pending.then(() => edit(done, total)).catch(() => undefined);
  };
  /** Stops further progress edits and waits for those already sent, so a final edit lands after them. */
  const settle = async (): Promise<void> => {
    stopped = true;
    await pending;
  };
  return Object.assign(update, { settle });
}
