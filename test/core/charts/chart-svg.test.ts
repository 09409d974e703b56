import test from 'ava';
import { chartSvg, NO_DATA_MESSAGE, type ChartSpec } from '../../../src/core/charts/index.ts';
import { bySport, day, netUnitsLine } from './charts.fixture.ts';

/** The text content of every `<text>` element. */
function texts(svg: string): string[] {
  return Array.from(svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g), (m) => m[1]);
}

test('the SVG carries the title, subtitle, axis title and date labels in DejaVu Sans', async (t) => {
  const svg = await chartSvg(netUnitsLine);
  const shown = texts(svg);
  t.true(shown.includes('Net units — last 30 days'));
  t.true(shown.includes('All sports · 142 settled bets'));
  t.true(shown.includes('Net units'));
  t.true(shown.some((s) => /^Mar \d+$/.test(s)), `no 'Mar n' date label in ${shown.join(' | ')}`);
  t.true(svg.includes('font-family="DejaVu Sans"'));
  t.false(svg.includes('sans-serif'));
});

test('the SVG is exactly the requested size', async (t) => {
  const svg = await chartSvg(bySport, { width: 600, height: 300 });
  t.regex(svg, /^<svg[^>]* width="600" height="300" viewBox="0 0 600 300"/);
});

test('bar charts label every category in the given order', async (t) => {
  const shown = texts(await chartSvg(bySport));
  const order = ['Soccer', 'Basketball', 'Tennis', 'Ice Hockey'].map((c) => shown.indexOf(c));
  t.false(order.includes(-1));
  t.deepEqual([...order].sort((a, b) => a - b), order);
});

test('the dark theme paints a Discord-dark background and light text; light the reverse', async (t) => {
  const dark = await chartSvg(bySport);
  const light = await chartSvg(bySport, { theme: 'light' });
  t.regex(dark, /<rect width="800" height="400" fill="#2b2d31"\/>/);
  t.regex(dark, /fill="#f2f3f5"[^>]*>Net units by sport</);
  t.regex(light, /<rect width="800" height="400" fill="#ffffff"\/>/);
});

test('a zero rule is drawn only when the values cross zero', async (t) => {
  // Axis grids and ticks are rules too; the zero line is the only rule drawn as a data mark.
  t.regex(await chartSvg(bySport), /class="mark-rule role-mark[^"]*"[^>]*><line [^>]*stroke="#949ba4"/);
  const allUp: ChartSpec = { ...bySport, points: bySport.points.map((p) => ({ ...p, y: Math.abs(p.y) })) };
  t.notRegex(await chartSvg(allUp), /mark-rule role-mark/);
});

test('a single series of bars crossing zero is coloured by sign', async (t) => {
  const svg = await chartSvg(bySport);
  t.regex(svg, /aria-label="[^"]*Soccer[^"]*" [^>]*fill="#23a55a"/);
  t.regex(svg, /aria-label="[^"]*Basketball[^"]*" [^>]*fill="#f23f43"/);
});

test('several series get a legend with each name', async (t) => {
  const chart: ChartSpec = {
    ...netUnitsLine,
    points: netUnitsLine.points.flatMap((p) => [
      { ...p, series: 'alice' },
      { ...p, y: -p.y, series: 'bob' },
    ]),
  };
  const svg = await chartSvg(chart);
  t.true(svg.includes('role-legend'));
  t.true(texts(svg).includes('alice'));
  t.true(texts(svg).includes('bob'));
});

test('no points draws the no-data message and no axes', async (t) => {
  const svg = await chartSvg({ ...bySport, points: [] });
  t.true(texts(svg).includes(NO_DATA_MESSAGE));
  t.true(texts(svg).includes('Net units by sport'));
  t.false(svg.includes('role-axis'));
});

test('long category labels and titles are shortened with an ellipsis to fit', async (t) => {
  const long = 'International Friendlies and Qualifiers League';
  const shown = texts(
    await chartSvg({ ...bySport, title: 'A title '.repeat(30), points: [{ x: long, y: 1 }, { x: 'Tennis', y: 2 }] }),
  );
  t.false(shown.includes(long));
  t.true(shown.some((s) => s.endsWith('…') && long.startsWith(s.slice(0, -1))));
  t.true(shown.some((s) => s.startsWith('A title A title') && s.endsWith('…')));
});

test('the same chart gives the same SVG', async (t) => {
  t.is(await chartSvg(netUnitsLine), await chartSvg(structuredClone(netUnitsLine)));
});

test.serial("temporal charts do not depend on the host's time zone", async (t) => {
  const saved = process.env.TZ;
  try {
    process.env.TZ = 'UTC';
    const utc = await chartSvg(netUnitsLine);
    process.env.TZ = 'Pacific/Auckland';
    const auckland = await chartSvg(netUnitsLine);
    process.env.TZ = 'America/Los_Angeles';
    const losAngeles = await chartSvg(netUnitsLine);
    t.is(auckland, utc);
    t.is(losAngeles, utc);
    t.true(texts(utc).includes('Mar 1'));
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test('charts spanning two years show the year on dates', async (t) => {
  const points = [0, 200, 400].map((i, k) => ({ x: day(i), y: k }));
  t.true(texts(await chartSvg({ ...netUnitsLine, points })).some((s) => /^\w{3} \d+, 20\d\d$/.test(s)));
});

test('bad dates and non-finite values are refused with CHART_INVALID', async (t) => {
  await t.throwsAsync(chartSvg({ ...netUnitsLine, points: [{ x: '2025-02-30', y: 1 }] }), {
    message: /CHART_INVALID.*2025-02-30/s,
  });
  await t.throwsAsync(chartSvg({ ...bySport, points: [{ x: 'Soccer', y: Number.NaN }] }), {
    message: /CHART_INVALID/,
  });
});

test('member-typed labels with quotes, brackets and line separators stay text', async (t) => {
  const hostile = `x"]; ["${'a'.repeat(60)}\u2028 \\ end`;
  const shown = texts(await chartSvg({ ...bySport, points: [{ x: hostile, y: 1 }, { x: '<b>bold</b>', y: 2 }] }));
  t.true(shown.some((s) => s.startsWith('x"]; ["aaa') && s.endsWith('…')));
  t.true(shown.includes('&lt;b&gt;bold&lt;/b&gt;'));
});

test('a chart of minutes labels its axis with UTC hours and minutes, whatever the host zone', async (t) => {
  const start = Date.UTC(2026, 11, 7, 11, 30);
  const points = Array.from({ length: 60 }, (_, i) => ({ x: `${new Date(start + i * 60_000).toISOString().slice(0, 16)}Z`, y: i % 7, series: 'p99' }));
  const shown = texts(await chartSvg({ title: 'p99 latency, last hour', yLabel: 'ms', kind: 'line', xType: 'temporal', points }));
  t.true(shown.some((s) => /^1[12]:\d\d$/.test(s)), `no 'HH:MM' label in ${shown.join(' | ')}`);
  t.true(shown.includes('UTC'));
});

test('a minute that is not a real one is refused like a bad date', async (t) => {
  await t.throwsAsync(chartSvg({ title: 'x', yLabel: 'y', kind: 'line', xType: 'temporal', points: [{ x: '2026-12-07T25:00Z', y: 1 }] }), { message: /YYYY-MM-DDTHH:MMZ minute/ });
});
