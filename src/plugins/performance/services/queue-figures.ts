import type { QueueFigures } from 'dbsbm';
import type { Figure } from './catalogue.ts';

/**
 * The job queue's figures at `now`: due jobs and the oldest one's wait, by plugin and for all plugins (no tag).
 * Deployment-wide: every instance writes them each minute and the first row of a minute stays.
 */
export function queueFigures(queue: readonly QueueFigures[], now: number): Figure[] {
  const age = (q: QueueFigures): number => (q.oldestDueAt === null ? 0 : Math.max(0, (now - q.oldestDueAt) / 1000));
  const out: Figure[] = [];
  for (const q of queue) {
    out.push({ metric: 'jobs.queue.depth', value: q.due, tags: { plugin: q.plugin } }, { metric: 'jobs.queue.age', value: age(q), tags: { plugin: q.plugin } });
  }
  out.push(
    { metric: 'jobs.queue.depth', value: queue.reduce((n, q) => n + q.due, 0), tags: {} },
    { metric: 'jobs.queue.age', value: queue.reduce((m, q) => Math.max(m, age(q)), 0), tags: {} },
  );
  return out;
}
