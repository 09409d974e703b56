/** Reads a PDF back with pdfjs: each page's size, text items and whether it paints an image. */

import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfPage {
  /** 1-based page number. */
  number: number;
  /** Pages in the document. */
  of: number;
  width: number;
  height: number;
  /** Text items in drawing order, without whitespace-only items. */
  items: string[];
  hasImage: boolean;
}

export interface ReadOptions {
  /** Also report whether each page paints an image. */
  images?: boolean;
  /** Which pages to read, given the page count; all by default. */
  pages?: (count: number) => number[];
}

export async function readPdf(buffer: Buffer, options: ReadOptions = {}): Promise<PdfPage[]> {
  const pdf = await getDocument({ data: new Uint8Array(buffer), verbosity: 0 }).promise;
  const pages: PdfPage[] = [];
  try {
    const wanted = options.pages?.(pdf.numPages) ?? Array.from({ length: pdf.numPages }, (_, i) => i + 1);
    for (const n of wanted) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      // pdfjs adds " " items for the gaps between cells; they are not text we drew.
      const items = content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [item.str] : []));
      let hasImage = false;
      if (options.images) {
        const ops = await page.getOperatorList();
        hasImage = ops.fnArray.includes(OPS.paintImageXObject);
      }
      const [, , width, height] = page.view;
      pages.push({ number: n, of: pdf.numPages, width, height, items, hasImage });
      page.cleanup();
    }
  } finally {
    await pdf.destroy();
  }
  return pages;
}
