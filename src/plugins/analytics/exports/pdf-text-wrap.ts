/**
 * Word wrapping measured in DejaVu Sans, so the PDF table knows each row's height before
 * drawing it and never lets pdfkit break pages on its own.
 */

import { fitText, measureText, type FontFace } from 'dbsbm';

/**
 * Breaks `text` into lines no wider than `width` points at `size`: at spaces where it can,
 * inside a word when one word is too long, and at newlines always. More than `maxLines`
 * lines are cut, the last ending in "…".
 *
 * @example
 * wrapLines('Manchester United vs Liverpool', 60, 8, 'regular', 3) // ['Manchester', 'United vs', 'Liverpool']
 */
export function wrapLines(text: string, width: number, size: number, face: FontFace, maxLines: number): string[] {
  const lines: string[] = [];
  const fits = (s: string): boolean => measureText(s, size, face) <= width;
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = word;
      // A word wider than the column is split wherever it must be.
      while (!fits(line)) {
        let cut = 1;
        while (cut < line.length && fits(line.slice(0, cut + 1))) cut++;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = fitText(`${kept[maxLines - 1]}…`, width, size, face);
  return kept;
}
