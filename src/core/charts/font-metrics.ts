/**
 * Advance widths read from a TrueType file, so chart layout can measure text in the font
 * resvg will draw it with. Kerning is ignored: it moves DejaVu text by well under a pixel
 * at chart sizes, and layout only needs widths to place titles, legends and labels.
 */

import { ChartError, ChartErrorCodes } from './errors.ts';

/** Per-character advance widths of one face, in em units (1 = the font size). */
export interface AdvanceTable {
  /** Advance of each BMP code point in em; 0 where the font has no glyph. */
  readonly bmp: Float32Array;
  /** Advance of the `.notdef` glyph, drawn for characters the font lacks. */
  readonly missing: number;
}

interface TableRecord {
  offset: number;
  length: number;
}

function tables(view: DataView): Map<string, TableRecord> {
  const count = view.getUint16(4);
  const found = new Map<string, TableRecord>();
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const tag = String.fromCharCode(
      view.getUint8(at),
      view.getUint8(at + 1),
      view.getUint8(at + 2),
      view.getUint8(at + 3),
    );
    found.set(tag, { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
  }
  return found;
}

function required(found: Map<string, TableRecord>, tag: string): TableRecord {
  const table = found.get(tag);
  if (table === undefined) {
    throw new ChartError(ChartErrorCodes.CHART_FONT_MISSING, `font has no '${tag}' table`);
  }
  return table;
}

/** Finds the Windows Unicode BMP (3,1) cmap subtable, which must be format 4. */
function unicodeSubtable(view: DataView, cmap: TableRecord): number {
  const count = view.getUint16(cmap.offset + 2);
  for (let i = 0; i < count; i++) {
    const at = cmap.offset + 4 + i * 8;
    const platform = view.getUint16(at);
    const encoding = view.getUint16(at + 2);
    const sub = cmap.offset + view.getUint32(at + 4);
    if (platform === 3 && encoding === 1 && view.getUint16(sub) === 4) return sub;
  }
  throw new ChartError(ChartErrorCodes.CHART_FONT_MISSING, 'font has no format-4 Unicode cmap');
}

/**
 * Reads the advance width of every BMP character from a TrueType font.
 *
 * @param font the bytes of a `.ttf` file
 */
export function readAdvanceTable(font: Uint8Array): AdvanceTable {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const found = tables(view);
  const unitsPerEm = view.getUint16(required(found, 'head').offset + 18);
  const metricCount = view.getUint16(required(found, 'hhea').offset + 34);
  const hmtx = required(found, 'hmtx').offset;
  // Glyphs past the last long metric share its advance (monospaced tails).
  const advance = (glyph: number): number =>
    view.getUint16(hmtx + 4 * Math.min(glyph, metricCount - 1)) / unitsPerEm;

  const sub = unicodeSubtable(view, required(found, 'cmap'));
  const segments = view.getUint16(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  const bmp = new Float32Array(0x10000);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint16(starts + s * 2);
    const end = view.getUint16(ends + s * 2);
    const delta = view.getInt16(deltas + s * 2);
    const rangeAt = rangeOffsets + s * 2;
    const rangeOffset = view.getUint16(rangeAt);
    for (let code = start; code <= end && code < 0xffff; code++) {
      let glyph: number;
      if (rangeOffset === 0) {
        glyph = (code + delta) & 0xffff;
      } else {
        // idRangeOffset is relative to its own position in the table (spec'd pointer trick).
        const raw = view.getUint16(rangeAt + rangeOffset + (code - start) * 2);
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) bmp[code] = advance(glyph);
    }
  }
  return { bmp, missing: advance(0) };
}

/**
 * Width of a single line of text in pixels (or points) at `size`.
 *
 * @example
 * textWidth(readAdvanceTable(fontBuffer('regular')), 'Net units', 12) // ≈ 55.6
 */
export function textWidth(table: AdvanceTable, text: string, size: number): number {
  let em = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const width = code < 0x10000 ? table.bmp[code] : 0;
    em += width > 0 ? width : table.missing;
  }
  return em * size;
}
