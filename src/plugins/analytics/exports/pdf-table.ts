/**
 * Draws the report table into a pdfkit document: header row repeated on every page,
 * zebra rows, numbers right-aligned, a totals row, rows never split across pages, and
 * "Page n of N" at the foot of every page.
 *
 * Pages are planned before drawing, so N is known while page 1 is written and no page has
 * to be kept in memory to be numbered later (pdfkit's `bufferPages` held ~1 GB for 50,000 rows).
 */

import { measureText } from 'dbsbm';
import { FONT_NAMES } from './pdf-fonts.ts';
import { CELL_PAD_X, PAGE_MARGIN, type TableLayout } from './pdf-table-layout.ts';
import { wrapLines } from './pdf-text-wrap.ts';
import type { ProgressTracker } from './progress.ts';

/** Space kept at the foot of each page for the page number, in points. */
export const FOOTER_HEIGHT = 18;

const CELL_PAD_Y = 3;
// A cell taller than this many lines is cut with "…"; the CSV and XLSX keep the full text.
const MAX_CELL_LINES = 6;
const COLORS = { text: '#1f2328', muted: '#57606a', header: '#e4e7eb', zebra: '#f6f8fa', rule: '#8c959f' } as const;

type Face = 'regular' | 'bold';

interface Row {
  lines: string[][];
  height: number;
}

/** What to draw. */
export interface TableContent {
  header: string[];
  /** Display text of each data row, columns in order. */
  rows: string[][];
  totals?: string[];
}

/** The document to draw into, the layout, and where the table starts. */
export interface TablePlacement {
  doc: PDFKit.PDFDocument;
  layout: TableLayout;
  /** Where the table starts on the current (first) page. */
  top: number;
  /** Text at the left of every page's footer. */
  footer: string;
  progress: ProgressTracker;
}

type Step =
  | { kind: 'page' }
  | { kind: 'header'; y: number }
  | { kind: 'row'; index: number; y: number }
  | { kind: 'totals'; y: number };

function lineHeight(size: number): number {
  return size * 1.25;
}

function measureRow(cells: string[], layout: TableLayout, face: Face): Row {
  const lines = cells.map((text, c) => {
    const inner = layout.widths[c] - 2 * CELL_PAD_X;
    const multiline = text.includes('\n');
    if (!multiline && (!layout.wraps[c] || measureText(text, layout.fontSize, face) <= inner)) return [text];
    return wrapLines(text, inner, layout.fontSize, face, MAX_CELL_LINES);
  });
  const count = Math.max(...lines.map((l) => l.length));
  return { lines, height: count * lineHeight(layout.fontSize) + 2 * CELL_PAD_Y };
}

/**
 * Where each part of the table goes. Both the planning pass and the drawing pass walk
 * this, so the page count the footers print is the page count drawn.
 */
function* steps(
  heights: Float64Array,
  header: number,
  totals: number | undefined,
  top: number,
  bottom: number,
  minRow: number,
): Generator<Step> {
  let y = top;
  const room = (height: number): boolean => y + height <= bottom;
  const newPage = function* (): Generator<Step> {
    yield { kind: 'page' };
    y = PAGE_MARGIN;
    yield { kind: 'header', y };
    y += header;
  };
  // A header alone at the foot of a page is useless: it must have room for a row too.
  if (room(header + minRow)) {
    yield { kind: 'header', y };
    y += header;
  } else {
    yield* newPage();
  }
  for (let index = 0; index < heights.length; index++) {
    if (!room(heights[index])) yield* newPage();
    yield { kind: 'row', index, y };
    y += heights[index];
  }
  if (totals !== undefined) {
    if (!room(totals)) yield* newPage();
    yield { kind: 'totals', y };
  }
}

function tableEdges(layout: TableLayout): { left: number; right: number } {
  const last = layout.x.length - 1;
  return { left: layout.x[0], right: layout.x[last] + layout.widths[last] };
}

function drawRow(doc: PDFKit.PDFDocument, layout: TableLayout, row: Row, y: number, face: Face, fill?: string): void {
  const { left, right } = tableEdges(layout);
  if (fill !== undefined) doc.rect(left, y, right - left, row.height).fill(fill);
  doc.fillColor(COLORS.text).font(FONT_NAMES[face]).fontSize(layout.fontSize);
  row.lines.forEach((lines, c) => {
    lines.forEach((line, i) => {
      const top = y + CELL_PAD_Y + i * lineHeight(layout.fontSize);
      const x =
        layout.align[c] === 'right'
          ? layout.x[c] + layout.widths[c] - CELL_PAD_X - measureText(line, layout.fontSize, face)
          : layout.x[c] + CELL_PAD_X;
      doc.text(line, x, top, { lineBreak: false });
    });
  });
}

function rule(doc: PDFKit.PDFDocument, layout: TableLayout, y: number): void {
  const { left, right } = tableEdges(layout);
  doc.moveTo(left, y).lineTo(right, y).lineWidth(0.6).strokeColor(COLORS.rule).stroke();
}

function drawFooter(doc: PDFKit.PDFDocument, text: string, page: number, pages: number): void {
  const y = doc.page.height - PAGE_MARGIN - FOOTER_HEIGHT + 6;
  const right = doc.page.width - PAGE_MARGIN;
  const size = 8;
  const label = `Page ${page} of ${pages}`;
  doc.font(FONT_NAMES.regular).fontSize(size).fillColor(COLORS.muted);
  doc.text(label, right - measureText(label, size), y, { lineBreak: false });
  const room = right - PAGE_MARGIN - measureText(label, size) - 24;
  doc.text(wrapLines(text, room, size, 'regular', 1)[0], PAGE_MARGIN, y, { lineBreak: false });
}

/**
 * Draws the table from `top` on the current page, which must be page 1, adding pages as
 * needed and numbering every page.
 */
export async function drawTable(content: TableContent, at: TablePlacement): Promise<void> {
  const { doc, layout } = at;
  const header = measureRow(content.header, layout, 'bold');
  const totals = content.totals === undefined ? undefined : measureRow(content.totals, layout, 'bold');
  const heights = new Float64Array(content.rows.length);
  content.rows.forEach((cells, i) => {
    heights[i] = measureRow(cells, layout, 'regular').height;
  });
  const bottom = doc.page.height - PAGE_MARGIN - FOOTER_HEIGHT;
  const minRow = lineHeight(layout.fontSize) + 2 * CELL_PAD_Y;
  const plan = (): Generator<Step> => steps(heights, header.height, totals?.height, at.top, bottom, minRow);

  let pages = 1;
  for (const step of plan()) if (step.kind === 'page') pages++;

  let page = 1;
  for (const step of plan()) {
    switch (step.kind) {
      case 'page':
        drawFooter(doc, at.footer, page, pages);
        doc.addPage();
        page++;
        break;
      case 'header':
        drawRow(doc, layout, header, step.y, 'bold', COLORS.header);
        rule(doc, layout, step.y + header.height);
        break;
      case 'row':
        drawRow(
          doc,
          layout,
          measureRow(content.rows[step.index], layout, 'regular'),
          step.y,
          'regular',
          step.index % 2 === 1 ? COLORS.zebra : undefined,
        );
        await at.progress.row();
        break;
      case 'totals':
        if (totals !== undefined) {
          rule(doc, layout, step.y);
          drawRow(doc, layout, totals, step.y, 'bold');
        }
        break;
    }
  }
  drawFooter(doc, at.footer, page, pages);
}
