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
export function throttledProgress(edit: (done: number, total: number) => Promise<unknown>, everyMs = 1000): (done: number, total: number) => void {
  let last = 0;
  let pending: Promise<unknown> = Promise.resolve();
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < everyMs) return;
    last = now;
    pending = pending.then(() => edit(done, total)).catch(() => undefined);
  };
}
