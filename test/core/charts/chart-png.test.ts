import test from 'ava';
import { chartPng, type ChartSpec } from '../../../src/core/charts/index.ts';
import { bySport, netUnitsLine } from './charts.fixture.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which a valid PNG must start with. */
function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error('no IHDR chunk first');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('a PNG has the PNG signature and the default 800×400 size', async (t) => {
  const png = await chartPng(netUnitsLine);
  t.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  t.deepEqual(pngSize(png), { width: 800, height: 400 });
  t.is(png.subarray(-8, -4).toString('latin1'), 'IEND');
});

test('the PNG is the requested size times the scale', async (t) => {
  t.deepEqual(pngSize(await chartPng(bySport, { width: 640, height: 360 })), { width: 640, height: 360 });
  t.deepEqual(pngSize(await chartPng(bySport, { width: 640, height: 360, scale: 2 })), { width: 1280, height: 720 });
});

test('the same chart gives byte-identical PNGs', async (t) => {
  const a = await chartPng(netUnitsLine, { theme: 'light' });
  const b = await chartPng(structuredClone(netUnitsLine), { theme: 'light' });
  t.true(a.equals(b));
});

test('themes and data change the image', async (t) => {
  const dark = await chartPng(bySport);
  const light = await chartPng(bySport, { theme: 'light' });
  const other = await chartPng({ ...bySport, points: bySport.points.map((p) => ({ ...p, y: p.y + 1 })) });
  t.false(dark.equals(light));
  t.false(dark.equals(other));
});

test('a chart with no points is still a valid PNG of the requested size', async (t) => {
  const empty: ChartSpec = { ...netUnitsLine, points: [] };
  const png = await chartPng(empty, { width: 500, height: 250 });
  t.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  t.deepEqual(pngSize(png), { width: 500, height: 250 });
});

test('out-of-range options are refused', async (t) => {
  await t.throwsAsync(chartPng(bySport, { scale: 50 }), { message: /CHART_INVALID/ });
  await t.throwsAsync(chartPng(bySport, { width: 10 }), { message: /CHART_INVALID/ });
});
