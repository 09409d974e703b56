import test from 'ava';
import PDFDocument from 'pdfkit';
import { fontBuffer } from '../../../src/core/charts/font-files.ts';
import { readAdvanceTable, textWidth } from '../../../src/core/charts/font-metrics.ts';

const regular = readAdvanceTable(fontBuffer('regular'));
const bold = readAdvanceTable(fontBuffer('bold'));

test('advances match the DejaVu Sans hmtx values in font units', (t) => {
  // DejaVu Sans has 2048 units per em: 'W' advances 2025, a space 651, a digit 1303.
  t.is(textWidth(regular, 'W', 2048), 2025);
  t.is(textWidth(regular, ' ', 2048), 651);
  t.is(textWidth(regular, '0', 2048), 1303);
  t.true(textWidth(bold, 'W', 12) > textWidth(regular, 'W', 12));
});

test('widths agree with fontkit as used by pdfkit, to within kerning', (t) => {
  const doc = new PDFDocument();
  for (const [table, face] of [
    [regular, 'regular'],
    [bold, 'bold'],
  ] as const) {
    doc.font(fontBuffer(face)).fontSize(12);
    for (const text of ['Net units', 'American Football', '+1.50u', 'Mar 29', 'Überzahl — café']) {
      const ours = textWidth(table, text, 12);
      const theirs = doc.widthOfString(text);
      t.true(Math.abs(ours - theirs) / theirs < 0.02, `${face} '${text}': ${ours} vs ${theirs}`);
    }
  }
  doc.end();
});

test('characters the font lacks count as the missing-glyph box', (t) => {
  t.true(regular.missing > 0);
  t.is(textWidth(regular, '\u{1F3C8}', 10), regular.missing * 10);
});
