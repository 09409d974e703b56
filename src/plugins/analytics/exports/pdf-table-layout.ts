/**
 * Column widths, alignment, font size and page orientation for the PDF table, decided
 * from the measured text of every cell before anything is drawn.
 */

import { measureText } from 'dbsbm';
import type { ReportColumn } from './report-table.ts';
import { alignsRight } from './display-values.ts';

/** A4 in points. */
export const A4 = { short: 595.28, long: 841.89 } as const;
/** Page margin in points. */
export const PAGE_MARGIN = 36;
/** Horizontal padding inside a cell, each side, in points. */
export const CELL_PAD_X = 4;

const BASE_FONT_SIZE = 8;
const MIN_FONT_SIZE = 5;
// Text columns may shrink to this (then wrap) before the page turns landscape.
const MIN_TEXT_WIDTH = 60;
// pdfkit kerns; our measure does not. Kerning only narrows DejaVu, but leave a hair spare.
const MEASURE_SLACK = 1.02;

/** How the table is laid out on the page. */
export interface TableLayout {
  layout: 'portrait' | 'landscape';
  fontSize: number;
  /** Left edge of each column, in points from the page's left. */
  x: number[];
  widths: number[];
  align: ('left' | 'right')[];
  /** Whether a column may wrap: text columns, and every column of a table too wide for the page. */
  wraps: boolean[];
}

function naturalWidths(columns: ReportColumn[], cells: string[][], size: number): number[] {
  return columns.map((column, c) => {
    let widest = measureText(column.label, size, 'bold');
    for (const row of cells) {
      const width = measureText(row[c], size);
      if (width > widest) widest = width;
    }
    return widest * MEASURE_SLACK + 2 * CELL_PAD_X;
  });
}

function contentWidth(layout: 'portrait' | 'landscape'): number {
  return (layout === 'portrait' ? A4.short : A4.long) - 2 * PAGE_MARGIN;
}

/** Narrowest the table can be: numbers and dates at full width, text at its minimum. */
function minimumWidth(columns: ReportColumn[], natural: number[]): number {
  return columns.reduce((sum, column, c) => {
    const width = natural[c];
    return sum + (alignsRight(column.kind) ? width : Math.min(width, MIN_TEXT_WIDTH));
  }, 0);
}

function distribute(columns: ReportColumn[], natural: number[], available: number): number[] {
  const total = natural.reduce((a, b) => a + b, 0);
  const isText = columns.map((c) => !alignsRight(c.kind));
  const textNatural = natural.reduce((sum, w, c) => sum + (isText[c] ? w : 0), 0);
  if (total <= available) {
    // Spare room goes to text columns if there are any, else to all alike.
    const spare = available - total;
    return natural.map((w, c) => {
      if (textNatural > 0) return isText[c] ? w + (spare * w) / textNatural : w;
      return w + (spare * w) / total;
    });
  }
  // Too wide: numbers keep their width; text columns share the rest in proportion to
  // their natural width, none below its minimum (water-filling: pin those that would
  // fall short, share again among the others).
  const widths = [...natural];
  let remaining = available - (total - textNatural);
  let flexible = natural.flatMap((_, c) => (isText[c] ? [c] : []));
  for (;;) {
    const weight = flexible.reduce((sum, c) => sum + natural[c], 0);
    const short = flexible.filter((c) => (remaining * natural[c]) / weight < Math.min(natural[c], MIN_TEXT_WIDTH));
    if (short.length === 0 || short.length === flexible.length) {
      for (const c of flexible) {
        widths[c] = Math.max((remaining * natural[c]) / weight, Math.min(natural[c], MIN_TEXT_WIDTH));
      }
      return widths;
    }
    for (const c of short) {
      widths[c] = Math.min(natural[c], MIN_TEXT_WIDTH);
      remaining -= widths[c];
    }
    flexible = flexible.filter((c) => !short.includes(c));
  }
}

/**
 * Lays out the table: portrait if it fits (text columns may wrap), else landscape, else
 * landscape with a smaller font, down to 5 pt.
 *
 * @param cells every row's display text, columns in order (header and totals included)
 */
export function layoutTable(columns: ReportColumn[], cells: string[][]): TableLayout {
  let fontSize = BASE_FONT_SIZE;
  let natural = naturalWidths(columns, cells, fontSize);
  let layout: 'portrait' | 'landscape' = 'portrait';
  if (minimumWidth(columns, natural) > contentWidth('portrait')) {
    layout = 'landscape';
    const needed = minimumWidth(columns, natural);
    if (needed > contentWidth('landscape')) {
      fontSize = Math.max(MIN_FONT_SIZE, Math.floor((fontSize * contentWidth('landscape') * 10) / needed) / 10);
      natural = naturalWidths(columns, cells, fontSize);
    }
  }
  let widths = distribute(columns, natural, contentWidth(layout));
  let wraps = columns.map((c) => !alignsRight(c.kind));
  const used = widths.reduce((a, b) => a + b, 0);
  if (used > contentWidth(layout) + 0.01) {
    // Dozens of numeric columns even at 5 pt: squeeze everything and let numbers wrap too,
    // rather than run off the page.
    widths = widths.map((w) => (w * contentWidth(layout)) / used);
    wraps = columns.map(() => true);
  }
  const x: number[] = [];
  let left = PAGE_MARGIN;
  for (const width of widths) {
    x.push(left);
    left += width;
  }
  return {
    layout,
    fontSize,
    x,
    widths,
    align: columns.map((c) => (alignsRight(c.kind) ? 'right' : 'left')),
    wraps,
  };
}
