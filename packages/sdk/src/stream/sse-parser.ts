/** One Server-Sent Event, as the HTML standard's parser dispatches it. */
export interface SseMessage {
  /** The `event:` field, `message` when there was none. */
  event: string;
  data: string;
  /** The `id:` field of this message, when it had one. */
  id: string | undefined;
}

/**
 * An incremental `text/event-stream` parser (the HTML standard's rules): lines end with CRLF, LF or CR, a blank line
 * dispatches, `:` starts a comment (the server's heartbeat), `retry:` sets the reconnect delay.
 */
export class SseParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  #id: string | undefined;
  /** A CR ended the last chunk: an LF opening the next one belongs to it. */
  #pendingCr = false;
  /** The last `retry:` value, in ms. */
  retryMs: number | undefined;

  /** Feeds decoded text; answers the messages it completed, in order. */
  push(text: string): SseMessage[] {
    if (this.#pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.#pendingCr = false;
    this.#buffer += text;
    const out: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.#buffer.length; i++) {
      const c = this.#buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.#line(this.#buffer.slice(start, i), out);
      if (c === 13) {
        if (i + 1 === this.#buffer.length) this.#pendingCr = true;
        else if (this.#buffer.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.#buffer = this.#buffer.slice(start);
    return out;
  }

  #line(line: string, out: SseMessage[]): void {
    if (line === '') {
      if (this.#data.length > 0) out.push({ event: this.#event || 'message', data: this.#data.join('\n'), id: this.#id });
      this.#event = '';
      this.#data = [];
      this.#id = undefined;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
  }
}
