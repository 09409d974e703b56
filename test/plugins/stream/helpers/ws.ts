import WebSocket from 'ws';

export interface WsMessage {
  type: string;
  id?: string;
  topic?: string;
  event?: string;
  topics?: string[];
  data?: Record<string, unknown>;
  code?: string;
  message?: string;
}

/** A real WebSocket client of /api/v1/ws, keeping every message it got. */
export class WsConnection {
  readonly messages: WsMessage[] = [];
  closeCode?: number;
  readonly #waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      this.messages.push(JSON.parse(raw.toString()) as WsMessage);
      for (const w of this.#waiters) w();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      for (const w of this.#waiters) w();
    });
  }

  /** Connects; rejects with the HTTP status when the upgrade is refused. */
  static open(url: string, headers: Record<string, string> = {}): Promise<WsConnection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => resolve(new WsConnection(ws)));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode} ${body}`), { status: res.statusCode, body })));
      });
      ws.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  events(): WsMessage[] {
    return this.messages.filter((m) => m.type === 'event');
  }

  /** The id of the last message that carried one (what a client keeps to resume). */
  lastId(): string | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) if (this.messages[i]!.id !== undefined) return this.messages[i]!.id;
    return undefined;
  }

  async until(check: (c: WsConnection) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (check(this)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`WS: ${what} did not happen within ${timeoutMs} ms; last: ${JSON.stringify(this.messages.slice(-5))} close=${this.closeCode}`));
      }, timeoutMs);
      const waiter = (): void => {
        if (!check(this)) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve();
      };
      this.#waiters.add(waiter);
    });
  }

  close(): void {
    this.ws.terminate();
  }
}
