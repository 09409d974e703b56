import { chartPng, type ChartSpec } from 'dbsbm';
import { toCsv, toPdf, toXlsx, type ReportTable } from '../exports/index.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFile {
  name: string;
  contentType: string;
  data: Buffer;
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'report';

/** Renders a report table to a file in the chosen format, reporting progress as rows are written. */
export async function exportFile(table: ReportTable, format: ExportFormat, onProgress?: (done: number, total: number) => void): Promise<ExportFile> {
  const stem = `${slug(table.title)}-${new Date(table.generatedAt).toISOString().slice(0, 10)}`;
  switch (format) {
    case 'csv':
      onProgress?.(table.rows.length, table.rows.length);
      return { name: `${stem}.csv`, contentType: 'text/csv', data: Buffer.from(toCsv(table), 'utf8') };
    case 'xlsx':
      return { name: `${stem}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: await toXlsx(table, onProgress) };
    case 'pdf':
      return { name: `${stem}.pdf`, contentType: 'application/pdf', data: await toPdf(table, onProgress) };
  }
}

/** The chart of a report as a PNG for Discord. */
export async function chartFile(chart: ChartSpec): Promise<ExportFile> {
  return { name: 'chart.png', contentType: 'image/png', data: await chartPng(chart, { theme: 'dark' }) };
}
