import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createLogger } from '../../src/core/log/logger.ts';

/**
 * Every line a logger wrote, kept in memory so a test can scan it for secrets. Use {@link captureLogs} to get a
 * logger built like the app's own (same redaction), writing here.
 */
export class LogCapture extends Writable {
  readonly #chunks: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#chunks.push(chunk.toString());
    callback();
  }

  /** Everything written so far. */
  text(): string {
    return this.#chunks.join('');
  }

  /** The written lines parsed as JSON (lines that are not JSON are skipped). */
  entries(): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const line of this.text().split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // pretty or partial lines are still scanned as text
      }
    }
    return out;
  }
}

/**
 * A logger built by the app's own {@link createLogger} (so its redact paths apply) at `level`, writing JSON lines to
 * a capture stream. Pass `logger` to `bootApp`, `App.create` or `startLocalMode`.
 * @example const { logger, capture } = captureLogs('trace');
 */
export function captureLogs(level = 'trace'): { logger: Logger; capture: LogCapture } {
  const capture = new LogCapture();
  return { logger: createLogger(level, { format: 'json', destination: capture }), capture };
}

/** A pino logger writing to a capture stream without the app's redaction, for tests of a single serializer. */
export function rawCapture(level = 'trace'): { logger: Logger; capture: LogCapture } {
  const capture = new LogCapture();
  return { logger: pino({ level }, capture), capture };
}

/** The forms a secret takes in a log line: as is, URL-encoded (both styles), and escaped inside a JSON string. */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)]);
  return [...forms].filter((f) => f.length > 0);
}

/** A secret that was found, with the form it took and the text around it. */
export interface SecretLeak {
  name: string;
  form: string;
  context: string;
}

/**
 * Every secret (by name) that appears in `text` in any of its {@link secretForms}, with 80 characters of context.
 * Secrets shorter than 8 characters are refused: they would match by chance and prove nothing.
 * @example t.deepEqual(findSecrets(capture.text(), { dashboardToken: token }), [])
 */
export function findSecrets(text: string, secrets: Record<string, string>): SecretLeak[] {
  const leaks: SecretLeak[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    if (secret.length < 8) throw new Error(`secret "${name}" is too short to scan for (${secret.length} characters)`);
    for (const form of secretForms(secret)) {
      const at = text.indexOf(form);
      if (at === -1) continue;
      leaks.push({ name, form, context: text.slice(Math.max(0, at - 80), at + form.length + 80) });
      break;
    }
  }
  return leaks;
}
