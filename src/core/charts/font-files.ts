/**
 * The DejaVu Sans font shipped in `assets/fonts/`, used by every chart and PDF so that output
 * does not depend on the fonts installed on the host.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChartError, ChartErrorCodes } from './errors.ts';

/** The family name written into charts; it must match the name inside the TTF files. */
export const FONT_FAMILY = 'DejaVu Sans';

/** The two faces the charts and reports use. */
export type FontFace = 'regular' | 'bold';

const FILE_NAMES: Record<FontFace, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
};

let fontDir: string | undefined;
const buffers = new Map<FontFace, Buffer>();

/**
 * The directory holding the shipped fonts.
 *
 * Found by walking up from this module to the first `assets/fonts` holding the regular face,
 * so it works from `src/` under tsx, from a bundled copy, or with the process started in any
 * working directory.
 */
export function fontDirectory(): string {
  if (fontDir !== undefined) return fontDir;
  const start = dirname(fileURLToPath(import.meta.url));
  const { root } = parse(start);
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'assets', 'fonts');
    if (existsSync(join(candidate, FILE_NAMES.regular))) {
      fontDir = candidate;
      return candidate;
    }
    if (dir === root) break;
  }
  throw new ChartError(
    ChartErrorCodes.CHART_FONT_MISSING,
    `could not find assets/fonts/${FILE_NAMES.regular} above ${start}`,
  );
}

/** Absolute path of one face's TTF file. */
export function fontPath(face: FontFace): string {
  return join(fontDirectory(), FILE_NAMES[face]);
}

/** Absolute paths of both faces, regular first. */
export function fontPaths(): string[] {
  return [fontPath('regular'), fontPath('bold')];
}

/**
 * The bytes of one face, read once per process: a PDF export and every chart measure
 * text with them, and DejaVu Sans is ~700 kB per face.
 */
export function fontBuffer(face: FontFace): Buffer {
  let buffer = buffers.get(face);
  if (buffer === undefined) {
    try {
      buffer = readFileSync(fontPath(face));
    } catch (cause) {
      throw new ChartError(ChartErrorCodes.CHART_FONT_MISSING, `could not read ${fontPath(face)}`, { cause });
    }
    buffers.set(face, buffer);
  }
  return buffer;
}
