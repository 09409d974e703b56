/** Progress of a long job, shown on stderr. */
export interface Progress {
  update(done: number, total: number): void;
  /** Ends the line (TTY) or prints the final step. */
  finish(): void;
}

const WIDTH = 30;

/**
 * A hand-written progress bar: on a TTY one line redrawn with `\r` (bar, percent, done/total); otherwise a
 * plain line every 10 %, so logs and CI output stay readable.
 *
 * @param label - what is progressing, e.g. the model's name
 * @param stream - where to draw (default stderr, so stdout keeps only the results)
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  let lastPercent = -1;
  let lastStep = -1;
  let drawn = false;
  return {
    update(done, total) {
      const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
      if (stream.isTTY) {
        if (percent === lastPercent) return;
        lastPercent = percent;
        const filled = Math.round((WIDTH * percent) / 100);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}% (${done}/${total})`);
        drawn = true;
        return;
      }
      const step = Math.floor(percent / 10);
      if (step === lastStep) return;
      lastStep = step;
      stream.write(`${label}: ${percent}% (${done}/${total})\n`);
    },
    finish() {
      if (stream.isTTY && drawn) stream.write('\n');
    },
  };
}
