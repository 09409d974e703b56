import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';
import { digestItemSchema, digestMessage, groupDigest, type DigestItem, type DigestMessage } from '../../../../src/plugins/notifications/services/digest.ts';

const T0 = Date.UTC(2026, 4, 2, 15);
const SECOND = 1000;
const move = (over: Partial<DigestItem> & Pick<DigestItem, 'selection' | 'to'>): DigestItem => ({
  gameId: 1,
  game: 'Arsenal v Chelsea',
  market: 'h2h',
  from: null,
  at: T0,
  ...over,
});

/** Discord's limits, and OutgoingNotification's 2,000-character body and 10 fields. */
function assertWithinLimits(t: ExecutionContext, message: DigestMessage): void {
  t.true(message.title.length > 0 && message.title.length <= 256, `title ${message.title.length}`);
  t.true(message.body.length <= 2000, `body ${message.body.length}`);
  t.true(message.fields.length <= 10, `${message.fields.length} fields`);
  for (const field of message.fields) {
    t.true(field.name.length > 0 && field.name.length <= 256, `field name ${field.name.length}`);
    t.true(field.value.length > 0 && field.value.length <= 1024, `field value ${field.value.length}`);
    t.false(/[\uD800-\uDBFF]…/.test(field.name + field.value), 'no half emoji before an ellipsis');
  }
  const total = message.title.length + message.body.length + message.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  t.true(total <= 6000, `total ${total}`);
}

test('two events in the same second: one group holding both selections, in the order they came', (t) => {
  const groups = groupDigest([move({ selection: 'Arsenal', from: 2.1, to: 1.95, at: T0 }), move({ selection: 'Chelsea', from: 3.4, to: 3.8, at: T0 })]);
  t.is(groups.length, 1);
  t.deepEqual(groups[0], {
    gameId: 1,
    game: 'Arsenal v Chelsea',
    market: 'h2h',
    moves: 2,
    lastAt: T0,
    lines: [
      { selection: 'Arsenal', from: 2.1, to: 1.95, moves: 1 },
      { selection: 'Chelsea', from: 3.4, to: 3.8, moves: 1 },
    ],
  });
});

test('an event delivered twice counts once', (t) => {
  const once = move({ selection: 'Arsenal', from: 2.1, to: 1.95, at: T0 });
  const groups = groupDigest([once, { ...once }, move({ selection: 'Arsenal', from: 1.95, to: 1.9, at: T0 + SECOND }), { ...once }]);
  t.deepEqual(groups[0]?.lines, [{ selection: 'Arsenal', from: 2.1, to: 1.9, moves: 2 }]);
  t.is(groups[0]?.moves, 2);
  // The same price at another time is another move (it went away and came back).
  const back = groupDigest([once, { ...once, at: T0 + 5 * SECOND }]);
  t.is(back[0]?.lines[0]?.moves, 2);
});

test('from/to across several moves: the first from and the last to by time, whatever order they arrive in', (t) => {
  const moves = [
    move({ selection: 'Arsenal', from: 2.0, to: 1.95, at: T0 + 2 * SECOND }),
    move({ selection: 'Arsenal', from: 2.1, to: 2.0, at: T0 + SECOND }),
    move({ selection: 'Arsenal', from: 1.95, to: 2.05, at: T0 + 3 * SECOND }),
    move({ selection: 'Draw', to: 3.4, at: T0 + SECOND }),
    move({ selection: 'Draw', from: 3.4, to: 3.3, at: T0 + 4 * SECOND }),
  ];
  const [group] = groupDigest(moves);
  t.deepEqual(group?.lines, [
    { selection: 'Arsenal', from: 2.1, to: 2.05, moves: 3 },
    { selection: 'Draw', from: null, to: 3.3, moves: 2 },
  ]);
  t.is(group?.lastAt, T0 + 4 * SECOND);
  // Equal times keep their input order: the later of two same-time moves gives the last `to`.
  const [tied] = groupDigest([move({ selection: 'Draw', from: 3.4, to: 3.5 }), move({ selection: 'Draw', from: 3.5, to: 3.6 })]);
  t.deepEqual(tied?.lines, [{ selection: 'Draw', from: 3.4, to: 3.6, moves: 2 }]);
});

test('groups by game and market, most recent move first', (t) => {
  const groups = groupDigest([
    move({ selection: 'Arsenal', to: 1.9, at: T0 + 3 * SECOND }),
    move({ market: 'totals', selection: 'Over 2.5', to: 1.8, at: T0 + 5 * SECOND }),
    move({ gameId: 2, game: 'Leeds v Spurs', selection: 'Leeds', to: 2.6, at: T0 + 4 * SECOND }),
    move({ gameId: 3, game: 'Arsenal v Chelsea', selection: 'Arsenal', to: 1.5, at: T0 + SECOND }), // the return fixture
    move({ selection: 'Chelsea', to: 4.2, at: T0 + 6 * SECOND }),
  ]);
  t.deepEqual(
    groups.map((g) => [g.gameId, g.market, g.lastAt - T0]),
    [
      [1, 'h2h', 6000],
      [1, 'totals', 5000],
      [2, 'h2h', 4000],
      [3, 'h2h', 1000],
    ],
  );
  t.deepEqual(groupDigest([]), []);
});

test('the message: a title counting markets, a field per market with prices to 2 decimals', (t) => {
  const groups = groupDigest([
    move({ selection: 'Arsenal', from: 2.1, to: 2.0, at: T0 }),
    move({ selection: 'Arsenal', from: 2.0, to: 1.97, at: T0 + SECOND }),
    move({ selection: 'Arsenal', from: 1.97, to: 1.95, at: T0 + 2 * SECOND }),
    move({ selection: 'Draw', from: 3.4, to: 3.5, at: T0 + SECOND }),
    move({ gameId: 2, game: 'Leeds v Spurs', market: 'totals', selection: 'Over 2.5', to: 1.8, at: T0 }),
  ]);
  const message = digestMessage(groups, { windowMinutes: 15 });
  t.deepEqual(message, {
    title: 'Prices moved on 2 markets',
    body: '5 price moves on 2 games in the last 15 minutes.',
    fields: [
      { name: 'Arsenal v Chelsea · h2h', value: 'Arsenal 2.10 → 1.95 (3 moves)\nDraw 3.40 → 3.50 (1 move)' },
      { name: 'Leeds v Spurs · totals', value: 'Over 2.5 new → 1.80 (1 move)' },
    ],
  });
  t.is(digestMessage(groups.slice(1), { windowMinutes: 60 }).title, 'Prices moved on 1 market');
  t.is(digestMessage(groups.slice(1), { windowMinutes: 60 }).body, '1 price move on 1 game in the last hour.');
  t.is(digestMessage(groups.slice(1)).body, '1 price move on 1 game.');
  t.deepEqual(digestMessage([], { windowMinutes: 120 }), { title: 'No prices moved', body: 'No prices moved in the last 2 hours.', fields: [] });
});

test('a thousand moves stay within the limits, with "and N more" for what is left out', (t) => {
  const items: DigestItem[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const game = i % 40;
    items.push({ gameId: game, game: `Home team ${game} v Away team ${game}`, market: Math.floor(i / 40) % 2 === 0 ? 'h2h' : 'totals', selection: `Selection ${i % 97}`, from: 1 + (i % 50) / 10, to: 1 + ((i + 1) % 50) / 10, at: T0 + i * SECOND });
  }
  const groups = groupDigest(items);
  t.is(groups.length, 80);
  const message = digestMessage(groups, { windowMinutes: 30 });
  assertWithinLimits(t, message);
  t.is(message.title, 'Prices moved on 80 markets');
  t.is(message.fields.length, 10);
  t.regex(message.body, /^1000 price moves on 40 games in the last 30 minutes\.\nand 70 more markets not shown\.$/);
  // One market with a thousand selections: the field ends with a count of the rest.
  const wide = groupDigest(items.map((item, i) => ({ ...item, gameId: 1, market: 'outright', selection: `Runner number ${i}` })));
  const single = digestMessage(wide);
  assertWithinLimits(t, single);
  t.regex(single.fields[0]?.value ?? '', /\nand \d+ more$/);
  const shown = (single.fields[0]?.value.split('\n').length ?? 0) - 1;
  t.true(single.fields[0]?.value.endsWith(`and ${1000 - shown} more`));
});

test('huge names are cut with an ellipsis, never past the limits', (t) => {
  const long = 'x'.repeat(5000);
  const groups = groupDigest(Array.from({ length: 30 }, (_, i) => move({ gameId: i, game: `${long}😀`, market: long, selection: `${i}${long}`, to: 1.5, at: T0 + i })));
  const message = digestMessage(groups);
  assertWithinLimits(t, message);
  t.true(message.fields[0]?.name.endsWith('…'));
  t.true(message.fields.length > 0);
});

test('the item schema accepts the feed shape and refuses bad prices', (t) => {
  t.true(digestItemSchema.safeParse({ gameId: 7, game: 'Arsenal v Chelsea', market: 'h2h', selection: 'Draw', from: null, to: 3.4, at: T0 }).success);
  for (const bad of [{ to: 0 }, { to: -2 }, { from: Number.NaN }, { to: Number.POSITIVE_INFINITY }, { at: 1.5 }, { game: '' }, { gameId: '7' }]) {
    t.false(digestItemSchema.safeParse({ gameId: 7, game: 'g', market: 'm', selection: 's', from: 2, to: 3.4, at: T0, ...bad }).success, JSON.stringify(bad));
  }
});

const arbitraryItem: fc.Arbitrary<DigestItem> = fc.record({
  gameId: fc.integer({ min: 0, max: 20 }),
  game: fc.string({ minLength: 1, maxLength: 400, unit: 'grapheme' }),
  market: fc.oneof(fc.constantFrom('h2h', 'totals', 'spreads'), fc.string({ minLength: 1, maxLength: 300 })),
  selection: fc.oneof(fc.constantFrom('Home', 'Draw', 'Away'), fc.string({ minLength: 1, maxLength: 1500, unit: 'grapheme' })),
  from: fc.option(fc.double({ min: 1.01, max: 1e12, noNaN: true }), { nil: null }),
  to: fc.double({ min: 1.01, max: 1e25, noNaN: true }),
  at: fc.integer({ min: T0, max: T0 + 60 * SECOND }),
});

test('property: every message is within the limits, whatever the moves', (t) => {
  fc.assert(
    fc.property(fc.array(arbitraryItem, { maxLength: 200 }), fc.option(fc.integer({ min: -5, max: 100_000 }), { nil: undefined }), (items, windowMinutes) => {
      const groups = groupDigest(items);
      t.true(groups.reduce((n, g) => n + g.moves, 0) <= items.length);
      assertWithinLimits(t, digestMessage(groups, windowMinutes === undefined ? {} : { windowMinutes }));
    }),
    { numRuns: 150 },
  );
});
