/**
 * The shipped DejaVu faces registered in a pdfkit document under fixed names.
 */

import { fontBuffer } from 'dbsbm';

/** pdfkit font names of the two faces. */
export const FONT_NAMES = { regular: 'DejaVu', bold: 'DejaVu-Bold' } as const;

/** Registers both faces (embedded as subsets) from the process-wide font cache. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont(FONT_NAMES.regular, fontBuffer('regular'));
  doc.registerFont(FONT_NAMES.bold, fontBuffer('bold'));
}
