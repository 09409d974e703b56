/**
 * An async iterator fed by pushes (what a GraphQL subscription resolver returns): values wait until taken; `end`
 * finishes it once what waits is taken; `return()` (the consumer leaving) runs `onReturn`.
 */
export class PushQueue<T> implements AsyncIterableIterator<T> {
  readonly #values: T[] = [];
  readonly #takers: ((r: IteratorResult<T>) => void)[] = [];
  #ended = false;
  bytes = 0;

  constructor(
    private readonly onReturn: () => void,
    private readonly sizeOf: (value: T) => number = () => 0,
  ) {}

  push(value: T): void {
    if (this.#ended) return;
    const taker = this.#takers.shift();
    if (taker) taker({ value, done: false });
    else {
      this.#values.push(value);
      this.bytes += this.sizeOf(value);
    }
  }

  end(): void {
    this.#ended = true;
    if (this.#values.length === 0) for (const taker of this.#takers.splice(0)) taker({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    const value = this.#values.shift();
    if (value !== undefined) {
      this.bytes -= this.sizeOf(value);
      return Promise.resolve({ value, done: false });
    }
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#takers.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.#ended = true;
    this.#values.length = 0;
    this.bytes = 0;
    for (const taker of this.#takers.splice(0)) taker({ value: undefined, done: true });
    this.onReturn();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
