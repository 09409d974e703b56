/**
 * Report → PDF: A4, DejaVu Sans, title block, chart, then the table across as many pages
 * as it needs, numbered "Page n of N".
 */

import PDFDocument from 'pdfkit';
import { chartPng } from 'dbsbm';
import { displayValue } from './display-values.ts';
import { ReportError, ReportErrorCodes } from './errors.ts';
import { FONT_NAMES, registerFonts } from './pdf-fonts.ts';
import { A4, PAGE_MARGIN, layoutTable } from './pdf-table-layout.ts';
import { drawTable } from './pdf-table.ts';
import { ProgressTracker, type ProgressCallback } from './progress.ts';
import { parseReportTable, type CellValue, type ReportTable } from './report-table.ts';
import { displayInZone } from './zoned-time.ts';

// The chart is drawn at this CSS size, then scaled to the page width; at portrait width
// its 11 px labels come out near the table's 8 pt.
const CHART_SIZE = { width: 720, height: 320, scale: 2 } as const;
const MUTED = '#57606a';
const TEXT = '#1f2328';

function displayRow(t: ReportTable, row: Record<string, CellValue>): string[] {
  return t.columns.map((c) => displayValue(row[c.key], c.kind, t.timeZone));
}

/** The totals row as shown; the first text column says "Total" unless given a label. */
function displayTotals(t: ReportTable, totals: Record<string, CellValue>): string[] {
  const firstText = t.columns.find((c) => c.kind === 'text')?.key;
  return t.columns.map((c) => {
    const value = totals[c.key];
    if (value === null || value === undefined) return c.key === firstText ? 'Total' : '';
    return displayValue(value, c.kind, t.timeZone);
  });
}

function drawPreamble(doc: PDFKit.PDFDocument, t: ReportTable): void {
  const width = doc.page.width - 2 * PAGE_MARGIN;
  doc.fillColor(TEXT).font(FONT_NAMES.bold).fontSize(18).text(t.title, PAGE_MARGIN, PAGE_MARGIN, { width });
  if (t.subtitle !== undefined) doc.font(FONT_NAMES.regular).fontSize(11).fillColor(MUTED).text(t.subtitle, { width });
  doc.moveDown(0.4);
  doc
    .font(FONT_NAMES.regular)
    .fontSize(9)
    .fillColor(MUTED)
    .text(`Generated ${displayInZone(t.generatedAt, t.timeZone)} · times in ${t.timeZone}`, { width });
  for (const filter of t.filters) {
    doc.font(FONT_NAMES.bold).fillColor(TEXT).text(`${filter.label}: `, { width, continued: true });
    doc.font(FONT_NAMES.regular).text(filter.value);
  }
  doc.moveDown(0.8);
}

async function drawChart(doc: PDFKit.PDFDocument, t: ReportTable): Promise<void> {
  if (t.chart === undefined) return;
  const png = await chartPng(t.chart, { theme: 'light', ...CHART_SIZE });
  const width = doc.page.width - 2 * PAGE_MARGIN;
  const height = (width * CHART_SIZE.height) / CHART_SIZE.width;
  doc.image(png, PAGE_MARGIN, doc.y, { width, height });
  doc.y += height + 12;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/**
 * Writes a report as an A4 PDF with DejaVu Sans embedded.
 *
 * Page 1 has the title, subtitle, generation time, filters and, with `t.chart`, the chart
 * (light theme); then the table, its header repeated at the top of every page, values in
 * human formats (`+1.50u`, `60.0%`, dates as `YYYY-MM-DD HH:mm` in `t.timeZone`; see
 * `display-values.ts`), and the totals row. The page turns landscape, then the font shrinks,
 * when columns do not fit; text longer than six lines in a cell is cut with "…".
 * Every page is numbered "Page n of N".
 *
 * `onProgress(done, total)` is called as rows are drawn, every 500 rows and once at the end.
 *
 * @throws ReportError `REPORT_INVALID` if the table fails validation, `REPORT_EXPORT_FAILED` if writing fails
 */
export async function toPdf(t: ReportTable, onProgress?: ProgressCallback): Promise<Buffer> {
  const table = parseReportTable(t);
  const progress = new ProgressTracker(table.rows.length, onProgress);
  progress.start();
  try {
    const header = table.columns.map((c) => c.label);
    const rows = table.rows.map((row) => displayRow(table, row));
    const totals = table.totals === undefined ? undefined : displayTotals(table, table.totals);
    const layout = layoutTable(table.columns, totals === undefined ? rows : [...rows, totals]);

    const doc = new PDFDocument({
      size: 'A4',
      layout: layout.layout,
      margin: PAGE_MARGIN,
      // Fixed dates (rather than "now") keep the same report byte-identical.
      info: {
        Title: table.title,
        Author: 'DBSBM',
        CreationDate: new Date(table.generatedAt),
        ModDate: new Date(table.generatedAt),
      },
    });
    const done = collect(doc);
    registerFonts(doc);

    drawPreamble(doc, table);
    await drawChart(doc, table);
    await drawTable({ header, rows, totals }, { doc, layout, top: doc.y, footer: table.title, progress });
    progress.finish();
    doc.end();
    return await done;
  } catch (cause) {
    if (cause instanceof ReportError) throw cause;
    throw new ReportError(ReportErrorCodes.REPORT_EXPORT_FAILED, `could not write '${table.title}' as PDF`, {
      cause,
    });
  }
}
