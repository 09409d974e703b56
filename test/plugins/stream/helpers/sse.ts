/** One Server-Sent Event as a client sees it. */
export interface SseFrame {
  id?: string;
  event: string;
  data: string;
}

/** A real SSE connection over fetch, parsed frame by frame (what EventSource does, minus reconnecting). */
export class SseConnection {
  readonly frames: SseFrame[] = [];
  status = 0;
  headers?: Headers;
  ended = false;
  readonly #controller = new AbortController();
  readonly #waiters = new Set<() => void>();

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
    const c = new SseConnection();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: c.#controller.signal });
    c.status = res.status;
    c.headers = res.headers;
    if (!res.ok || !res.body) {
      c.ended = true;
      c.frames.push({ event: 'http-error', data: await res.text() });
      return c;
    }
    void c.#read(res.body);
    return c;
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: SseFrame = { event: 'message', data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || line === '') continue;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') frame.id = value;
            else if (field === 'event') frame.event = value;
            else if (field === 'data') {
              frame.data += (hasData ? '\n' : '') + value;
              hasData = true;
            }
          }
          if (hasData) this.frames.push(frame);
        }
        for (const w of this.#waiters) w();
      }
    } catch {
      // aborted
    }
    this.ended = true;
    for (const w of this.#waiters) w();
  }

  /** Events (not control frames) received so far, parsed. */
  events(): { id: string; topic: string; event: string; data: Record<string, unknown> }[] {
    return this.frames.filter((f) => !['ready', 'resync', 'closed', 'http-error'].includes(f.event)).map((f) => JSON.parse(f.data) as { id: string; topic: string; event: string; data: Record<string, unknown> });
  }

  /** The id EventSource would send on reconnect: the last `id:` field seen. */
  lastId(): string | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i]!.id !== undefined) return this.frames[i]!.id;
    return undefined;
  }

  /** Resolves once `check` holds (re-checked on every chunk), or rejects after `timeoutMs`. */
  async until(check: (c: SseConnection) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (check(this)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`SSE: ${what} did not happen within ${timeoutMs} ms; frames: ${JSON.stringify(this.frames.slice(-5))}`));
      }, timeoutMs);
      const waiter = (): void => {
        if (check(this) || (this.ended && !check(this) && what !== 'end')) {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          if (check(this)) resolve();
          else reject(new Error(`SSE: the stream ended before ${what}; frames: ${JSON.stringify(this.frames.slice(-5))}`));
        }
      };
      this.#waiters.add(waiter);
    });
  }

  close(): void {
    this.#controller.abort();
  }
}
