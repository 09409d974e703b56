/**
 * Cleanups run (newest first) when a benchmark process is told to stop (SIGTERM/SIGINT from the runner's time
 * limit, or Ctrl-C), so throwaway databases are dropped even then. Each runs at most once.
 */
const tasks: (() => unknown)[] = [];
const done = new WeakSet<() => unknown>();

/** Registers `task`; returns it wrapped to run at most once, to call when the work is done. */
export function onCleanup(task: () => unknown): () => Promise<void> {
  const once = async (): Promise<void> => {
    if (done.has(once)) return;
    done.add(once);
    await task();
  };
  tasks.push(once);
  return once;
}

export async function runCleanups(): Promise<void> {
  for (const task of tasks.splice(0).reverse()) {
    try {
      await task();
    } catch {
      // best effort: the process is stopping anyway
    }
  }
}
