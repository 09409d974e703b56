import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseKind } from './database.ts';

/** One fault injected and what came of it: a row of the table printed at the end of the run. */
export interface FaultRow {
  fault: string;
  database: DatabaseKind;
  /** `yes` when the product was still running after the fault, `NO (died)`; for a SIGTERM row how it ended. */
  processAlive: string;
  /** Every /readyz answered within 1 s and said what was true ("yes"), or what went wrong. */
  readyzTruthful: string;
  /** From the end of the fault to ready again and a command answered, in ms; null when it did not recover. */
  recoveredMs: number | null;
  /** Bets the member was told were placed, and how many of those are missing from the database. */
  acknowledged: number;
  lost: number;
  /** Anything else worth a line: refusals applied later, exit code, readyz states seen. */
  notes: string;
}

/**
 * Collects the rows of one test file and, at the end of the file (`test.after.always`), prints them as a table
 * and writes them as JSON under the OS temp dir, so measured recovery times can be copied into
 * docs/reliability.md. Each ava worker runs one file, so each file has its own report file.
 */
export class FaultReport {
  readonly rows: FaultRow[] = [];

  constructor(readonly name: string) {}

  add(row: FaultRow): void {
    this.rows.push(row);
  }

  /** Prints the table and writes the JSON; returns the JSON file's path. */
  finish(database: DatabaseKind): string {
    const dir = join(tmpdir(), 'dbsbm-reliability');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${database}-${this.name}.json`);
    writeFileSync(file, `${JSON.stringify({ suite: this.name, database, at: new Date().toISOString(), rows: this.rows }, null, 2)}\n`);
    console.log(`\nReliability: faults injected (${this.name}, ${database})\n${formatTable(this.rows)}\nrows as JSON: ${file}\n`);
    return file;
  }
}

/** A plain-text table, one row per fault. */
export function formatTable(rows: readonly FaultRow[]): string {
  const head = ['fault', 'database', 'process alive', 'readyz truthful', 'recovered in', 'acknowledged/lost', 'notes'];
  const body = rows.map((r) => [r.fault, r.database, r.processAlive, r.readyzTruthful, r.recoveredMs === null ? 'did not' : `${r.recoveredMs} ms`, `${r.acknowledged}/${r.lost}`, r.notes]);
  if (body.length === 0) return '(no fault was injected)';
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
