/**
 * Text measured in DejaVu Sans, for chart layout.
 *
 * Without a browser canvas, Vega guesses every string at 0.8 em per character; DejaVu
 * averages nearer 0.6, so legends, axis titles and label-overlap checks were laid out for
 * text a third wider than resvg then draws. Vega exposes `textMetrics.width` as the hook
 * for this (vl-convert uses it the same way).
 *
 * Vega's renderer comes from a second, nested copy of vega-scenegraph that this hook does
 * not reach, and that copy measures only to truncate text at a `limit`. So the charts set
 * every limit to 0 and shorten long text themselves with {@link fitText}.
 */

import * as vega from 'vega';
import { fontBuffer, type FontFace } from './font-files.ts';
import { readAdvanceTable, textWidth, type AdvanceTable } from './font-metrics.ts';

/** The part of a Vega text item that affects its width. */
interface TextItemFont {
  fontSize?: number | string | null;
  fontWeight?: number | string | null;
}

declare module 'vega' {
  /** Vega-scenegraph's text measurer; missing from vega-typings. */
  export const textMetrics: {
    width: (item: TextItemFont, text: unknown) => number;
  };
}

const tables = new Map<FontFace, AdvanceTable>();
let installed = false;

function table(face: FontFace): AdvanceTable {
  let found = tables.get(face);
  if (found === undefined) {
    found = readAdvanceTable(fontBuffer(face));
    tables.set(face, found);
  }
  return found;
}

/** Width in pixels of one line of `text` set in DejaVu Sans at `size` px. */
export function measureText(text: string, size: number, face: FontFace = 'regular'): number {
  return textWidth(table(face), text, size);
}

/**
 * `text` unchanged if it fits in `maxWidth` pixels, else cut at a character and ended with "…".
 *
 * @example
 * fitText('American Football League', 80, 11) // 'American Foot…'
 */
export function fitText(text: string, maxWidth: number, size: number, face: FontFace = 'regular'): string {
  if (measureText(text, size, face) <= maxWidth) return text;
  const chars = Array.from(text);
  const room = maxWidth - measureText('…', size, face);
  let width = 0;
  let keep = 0;
  for (const char of chars) {
    width += measureText(char, size, face);
    if (width > room) break;
    keep++;
  }
  return `${chars.slice(0, keep).join('').trimEnd()}…`;
}

function isBold(weight: TextItemFont['fontWeight']): boolean {
  if (weight === 'bold' || weight === 'bolder') return true;
  const numeric = Number(weight);
  return Number.isFinite(numeric) && numeric >= 600;
}

/**
 * Installs the DejaVu measurer into Vega, once per process. Called when the first chart is
 * drawn rather than at import, so importing the plugin touches neither the disk nor Vega.
 */
export function useDejaVuTextMetrics(): void {
  if (installed) return;
  table('regular');
  table('bold');
  vega.textMetrics.width = (item, text) => {
    const value = text == null ? '' : String(text).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    if (size <= 0 || value === '') return 0;
    return measureText(value, size, isBold(item.fontWeight) ? 'bold' : 'regular');
  };
  installed = true;
}
