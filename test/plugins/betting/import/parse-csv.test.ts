import test from 'ava';
import { IMPORT_LIMITS, ImportFileError, parseImportCsv, type ImportCsvOptions, type ImportCsvResult } from '../../../../src/plugins/betting/import/index.ts';

const NOW = Date.UTC(2025, 0, 1);
const OPTS: ImportCsvOptions = { timeZone: 'America/New_York', now: NOW };
const parse = (lines: string[], opts: Partial<ImportCsvOptions> = {}): ImportCsvResult => parseImportCsv(lines.join('\n'), { ...OPTS, ...opts });
/** The reasons of the only row of a one-row file. */
const reasonsOf = (header: string, line: string, opts: Partial<ImportCsvOptions> = {}): string[] => {
  const out = parse([header, line], opts);
  if (out.rows.length > 0) throw new Error(`expected a refusal for ${line}`);
  return out.refused[0]!.reasons;
};

const H = 'Placed,Settled,Odds,Stake,Result,Type,Legs,Description,Profit';

test('a tracker export with other spellings reads every column', (t) => {
  const out = parse([
    'Bet Date,Graded At,Price,Close,Risk,Outcome,Bet Type,Selections,Sports,Competition,Matchup,Pick,P/L,Book',
    '2024-03-01 19:30,2024-03-01 21:45,-110,-125,2u,Win,Game Line,,Soccer,EPL,Arsenal v Chelsea,Arsenal ML,1.82,DraftKings',
  ]);
  t.deepEqual(out.refused, []);
  t.deepEqual(out.columns.recognised, {
    placed: 'Bet Date',
    settled: 'Graded At',
    odds: 'Price',
    closing_odds: 'Close',
    stake: 'Risk',
    result: 'Outcome',
    type: 'Bet Type',
    legs: 'Selections',
    sport: 'Sports',
    league: 'Competition',
    event: 'Matchup',
    description: 'Pick',
    profit: 'P/L',
  });
  t.deepEqual(out.columns.ignored, ['Book']);
  t.deepEqual(out.rows, [
    {
      line: 2,
      placedAt: Date.UTC(2024, 2, 2, 0, 30),
      settledAt: Date.UTC(2024, 2, 2, 2, 45),
      type: 'game_line',
      result: 'won',
      units: 2,
      decimal: 1 + 100 / 110,
      american: -110,
      closingDecimal: 1 + 100 / 125,
      description: 'Arsenal v Chelsea: Arsenal ML',
      legCount: 1,
      legs: [],
      sport: 'soccer',
      league: 'EPL',
    },
  ]);
});

test('the server zone applies to dates without one; every date format is accepted', (t) => {
  const lines = ['2024-03-01T19:30:00Z', '2024-03-01T14:30', '2024-03-01 14:30', '03/01/2024 2:30 PM', '1709321400', '1709321400000'].map((d) => `${d},,-110,1,W,,,,`);
  const out = parse([H, ...lines]);
  t.deepEqual(out.refused, []);
  t.deepEqual(out.rows.map((r) => r.placedAt), Array(6).fill(Date.UTC(2024, 2, 1, 19, 30)));
  t.is(parse([H, '2024-03-01 14:30,,-110,1,W,,,,'], { timeZone: 'Asia/Tokyo' }).rows[0]!.placedAt, Date.UTC(2024, 2, 1, 5, 30));
  t.is(parse([H, '2024-03-01 14:30,,-110,1,W,,,,']).rows[0]!.settledAt, Date.UTC(2024, 2, 1, 19, 30), 'no settled date: settled when placed');
});

test('result, type and stake spellings', (t) => {
  const results = ['won', 'W', 'SETTLED_WIN', 'Loss', 'l', 'push', 'P', 'tie', 'void', 'Cancelled', 'refund', 'Half Won', 'half-lost'];
  const out = parse([H, ...results.map((r) => `2024-03-01,,1.95,1,${r},,,,`)]);
  t.deepEqual(out.rows.map((r) => r.result), ['won', 'won', 'won', 'lost', 'lost', 'push', 'push', 'push', 'void', 'void', 'void', 'half-won', 'half-lost']);
  const types = ['straight', 'Single', 'prop', 'Player Prop', 'Accumulator', 'acca', 'MULTI', 'parlay', ''];
  const typed = parse([H, ...types.map((k) => `2024-03-01,,3.61,1,W,${k},${/prop|single|straight/i.test(k) ? '' : '2'},,`)]);
  t.deepEqual(typed.refused, []);
  t.deepEqual(typed.rows.map((r) => r.type), ['game_line', 'game_line', 'player_prop', 'player_prop', 'parlay', 'parlay', 'parlay', 'parlay', 'parlay']);
  const stakes = parse([H, ...['1', '1.5u', '2 units', '0.25', '1000'].map((s) => `2024-03-01,,2.0,${s},W,,,,`)]);
  t.deepEqual(stakes.rows.map((r) => r.units), [1, 1.5, 2, 0.25, 1000]);
});

test('each refusal says why in plain words', (t) => {
  const cases: [string, string | RegExp][] = [
    ['2024-03-01,,-110,1,,,,,', 'result is missing'],
    ['2024-03-01,,-110,1,maybe,,,,', 'result "maybe" is not one of won, lost, push, void, half-won, half-lost'],
    ['2024-03-01,,-110,1,Open,,,,', 'result "Open" means the bet is not settled: only settled bets are imported'],
    ['2024-03-01,,-110,1,pending,,,,', /only settled bets are imported/],
    [',,-110,1,W,,,,', 'placed date is missing'],
    ['yesterday,,-110,1,W,,,,', /^placed "yesterday" is not a date \(use ISO 8601/],
    ['13/01/2024,,-110,1,W,,,,', 'placed "13/01/2024" is not a date: 13 is not a month (MM/DD/YYYY is read in US order, month first)'],
    ['2026-01-01,,-110,1,W,,,,', 'placed "2026-01-01" is in the future'],
    ['2024-03-01,2026-01-01,-110,1,W,,,,', 'settled "2026-01-01" is in the future'],
    ['2024-03-01,2024-02-30,-110,1,W,,,,', 'settled "2024-02-30" is not a date: 2024-02 has no day 30'],
    ['2024-03-02 10:00,2024-03-01 10:00,-110,1,W,,,,', 'settled "2024-03-01 10:00" is before placed "2024-03-02 10:00"'],
    ['2024-03-01,,-110,,W,,,,', 'stake is missing'],
    ['2024-03-01,,-110,abc,W,,,,', 'stake "abc" is not a number of units'],
    ['2024-03-01,,-110,$10,W,,,,', 'stake "$10" is not a number of units'],
    ['2024-03-01,,-110,0,W,,,,', 'stake 0 must be more than 0 units'],
    ['2024-03-01,,-110,-2,W,,,,', 'stake -2 must be more than 0 units'],
    ['2024-03-01,,-110,1000.5,W,,,,', 'stake 1000.5 is more than 1000 units, the most one row may stake'],
    ['2024-03-01,,,1,W,,,,', 'odds are missing'],
    ['2024-03-01,,-99,1,W,,,,', /^odds "-99": "-99" isn't valid American odds/],
    ['2024-03-01,,1.005,1,W,,,,', /^odds "1.005": "1.005" is too short for decimal odds/],
    ['2024-03-01,,-110,1,W,teaser,,,', 'type "teaser" is not one of straight, prop, parlay'],
    ['2024-03-01,,3.5,1,W,parlay,,,', 'a parlay needs at least 2 legs: give the legs column a count or the legs separated by |'],
    ['2024-03-01,,3.5,1,W,parlay,1,,', 'a parlay needs at least 2 legs, this row has 1'],
    ['2024-03-01,,3.5,1,W,straight,3,,', 'a straight bet has one leg, this row has 3 (set its type to parlay)'],
    ['2024-03-01,,3.5,1,W,parlay,0,,', 'legs "0" is not a number of legs of 1 or more'],
    ['2024-03-01,,3.5,1,half-won,parlay,2,,', 'result "half-won" applies to a single bet on an Asian line, not a parlay'],
    ['2024-03-01,,3.61,1,W,parlay,A @ 1.9 | @ 1.9,,', 'leg 2 has no description'],
    ['2024-03-01,,3.61,1,W,parlay,A @ 1.9 | B @ x,,', /^leg 2 odds "x": Couldn't read "x" as odds/],
    ['2024-03-01,,5,1,W,parlay,A @ 1.9 | B | C @ 1.5,,', 'leg 2 has no odds while the others do: price every leg or none'],
    ['2024-03-01,,8.00,1,W,parlay,A @ 2 | B @ 2 | C @ 2.5,,', "the legs' odds multiply to 10.00, more than 2% away from the parlay's odds of 8.00"],
    ['2024-03-01,,-110,1,W,,,,abc', 'profit "abc" is not a number of units'],
    ['2024-03-01,,-110,1,W,,,,-1', 'profit -1 does not match the net of 0.9091 units a won bet of 1 units at 1.9091 pays; they differ by 1.9091, more than the 0.02 allowed'],
  ];
  for (const [line, reason] of cases) {
    const reasons = reasonsOf(H, line);
    t.is(reasons.length, 1, `${line}: ${reasons.join(' / ')}`);
    if (typeof reason === 'string') t.is(reasons[0], reason);
    else t.regex(reasons[0]!, reason);
  }
  t.deepEqual(reasonsOf('Placed,Odds,Stake,Result,Sport', `2024-03-01,-110,1,W,${'x'.repeat(33)}`), ['sport is longer than 32 characters']);
  t.deepEqual(reasonsOf('Placed,Odds,Stake,Result,Sport', `2024-03-01,${'1'.repeat(33)},x,W,${'x'.repeat(33)}`), [
    'odds is longer than 32 characters',
    'sport is longer than 32 characters',
    'stake "x" is not a number of units',
  ]);
  t.deepEqual(reasonsOf('Placed,Odds,Closing Odds,Stake,Result', '2024-03-01,-110,abc,1,W'), [`closing odds "abc": Couldn't read "abc" as odds. Type American (-110, +150), decimal (2.50) or fractional (5/2).`]);
});

test('a row with several problems lists every one', (t) => {
  const out = parse([H, '2024-03-05,2024-03-04,abc,0,maybe,teaser,,,zz']);
  t.deepEqual(out.rows, []);
  t.deepEqual(out.refused, [
    {
      line: 2,
      raw: { Placed: '2024-03-05', Settled: '2024-03-04', Odds: 'abc', Stake: '0', Result: 'maybe', Type: 'teaser', Legs: '', Description: '', Profit: 'zz' },
      reasons: [
        'result "maybe" is not one of won, lost, push, void, half-won, half-lost',
        'settled "2024-03-04" is before placed "2024-03-05"',
        'stake 0 must be more than 0 units',
        'type "teaser" is not one of straight, prop, parlay',
        `odds "abc": Couldn't read "abc" as odds. Type American (-110, +150), decimal (2.50) or fractional (5/2).`,
        'profit "zz" is not a number of units',
      ],
    },
  ]);
});

test('the profit column is checked against the payout rules within a tolerance', (t) => {
  const out = parse([
    H,
    '2024-03-01,,-110,1,W,,,,0.91', // 0.9091 computed: within 0.02
    '2024-03-01,,-110,1,W,,,,+0.909',
    '2024-03-01,,1.91,2,half-won,,,,0.91', // half of 2 × 0.91
    '2024-03-01,,1.95,2,half-lost,,,,(1.00)', // accounting brackets
    '2024-03-01,,+150,2,L,,,,−2', // Unicode minus
    '2024-03-01,,+150,2,push,,,,0',
    '2024-03-01,,4.0,1,W,parlay,2,,3',
    '2024-03-01,,1.91,100,W,,,,91.5', // 0.5 off a 91: within 0.01 + 1% of 100 units
    '2024-03-01,,-110,1,W,,,,0.95',
    '2024-03-01,,1.91,2,half-won,,,,1.82', // the full win, not the half
    '2024-03-01,,1.91,100,W,,,,93',
  ]);
  t.deepEqual(out.rows.map((r) => r.line), [2, 3, 4, 5, 6, 7, 8, 9]);
  t.deepEqual(out.refused.map((r) => [r.line, r.reasons]), [
    [10, ['profit 0.95 does not match the net of 0.9091 units a won bet of 1 units at 1.9091 pays; they differ by 0.0409, more than the 0.02 allowed']],
    [11, ['profit 1.82 does not match the net of 0.91 units a half-won bet of 2 units at 1.91 pays; they differ by 0.91, more than the 0.03 allowed']],
    [12, ['profit 93 does not match the net of 91 units a won bet of 100 units at 1.91 pays; they differ by 2, more than the 1.01 allowed']],
  ]);
});

test('parlay legs: a count, or a priced list checked against the parlay odds', (t) => {
  const out = parse([
    H,
    '2024-03-01,,3.61,1,W,,Arsenal ML @ 1.90 | Over 2.5 @ 1.90,,', // 3.61 exactly; type from the legs
    '2024-03-01,,3.55,1,W,parlay,A @ 1.9 | B @ 1.9,,', // 1.7% off: accepted
    '2024-03-01,,,1,L,parlay,A @ -110 | B @ +120 | C @ 6/4,My acca,', // no odds: the legs' product
    '2024-03-01,,6.5,1,W,parlay,A | B | C,,', // unpriced legs: accepted on the parlay odds
    '2024-03-01,,6.5,1,W,acca,3,,',
  ]);
  t.deepEqual(out.refused, []);
  const [a, b, c, d, e] = out.rows;
  t.like(a, { type: 'parlay', legCount: 2, decimal: 3.61, description: 'Arsenal ML | Over 2.5', legs: [{ description: 'Arsenal ML', decimal: 1.9 }, { description: 'Over 2.5', decimal: 1.9 }] });
  t.like(b, { decimal: 3.55, legCount: 2 });
  t.is(c!.decimal, (1 + 100 / 110) * 2.2 * 2.5);
  t.is(c!.american, 950);
  t.is(c!.description, 'My acca');
  t.like(d, { legCount: 3, decimal: 6.5, legs: [{ description: 'A', decimal: null }, { description: 'B', decimal: null }, { description: 'C', decimal: null }] });
  t.like(e, { legCount: 3, legs: [], description: null });
});

test('odds formats: the header or the option settles bare numbers', (t) => {
  t.is(parse(['Placed,Decimal Odds,Stake,Result', '2024-03-01,2,1,W']).rows[0]!.decimal, 2);
  t.is(parse(['Placed,Odds,Stake,Result', '2024-03-01,10/11,1,W']).rows[0]!.american, -110);
  t.is(parse(['Placed,Odds,Stake,Result', '2024-03-01,evens,1,W']).rows[0]!.decimal, 2);
  t.regex(parse(['Placed,Odds,Stake,Result', '2024-03-01,5,1,W'], { oddsFormat: 'fractional' }).refused[0]!.reasons[0]!, /"5" is ambiguous/);
  t.regex(parse(['Placed,American Odds,Stake,Result', '2024-03-01,5,1,W'], { oddsFormat: 'decimal' }).refused[0]!.reasons[0]!, /isn't valid American odds/);
});

test('CSV details: semicolons, tabs, BOM, quoted commas and line breaks, blank rows, line numbers, extra values', (t) => {
  const semi = parseImportCsv('\uFEFFPlaced;Odds;Stake;Result\n2024-03-01;1.91;1;W\n', OPTS);
  t.is(semi.rows[0]!.decimal, 1.91);
  t.is(parseImportCsv('Placed\tOdds\tStake\tResult\n2024-03-01\t1.91\t1\tW\n', OPTS).rows.length, 1);
  const out = parse([
    'Placed,Odds,Stake,Result,Description',
    '2024-03-01,-110,1,W,"Arsenal, to win"',
    '',
    ',,,,',
    '2024-03-01,-110,1,W,"two',
    'lines"',
    '2024-03-01,-110,1,maybe,x',
    '2024-03-01,-110,1,W,Arsenal, to win',
    '2024-03-01,-110,1,W,ok,,,',
  ]);
  t.deepEqual(out.rows.map((r) => [r.line, r.description]), [
    [2, 'Arsenal, to win'],
    [5, 'two\nlines'],
    [9, 'ok'],
  ]);
  t.deepEqual(out.refused.map((r) => r.line), [7, 8]);
  t.deepEqual(out.refused[1]!.reasons, ['the row has 6 values but the header has 5 columns: a value with a comma in it needs double quotes']);
  t.deepEqual(out.refused[1]!.raw, { Placed: '2024-03-01', Odds: '-110', Stake: '1', Result: 'W', Description: 'Arsenal', 'column 6': ' to win' });
});

test('files that cannot be imported at all throw a coded error that says what to change', (t) => {
  const code = (fn: () => unknown) => t.throws(fn, { instanceOf: ImportFileError });
  t.is(code(() => parseImportCsv('', OPTS)).code, 'IMPORT_EMPTY_FILE');
  t.is(code(() => parseImportCsv('Placed,Odds,Stake,Result\n\n,,,\n', OPTS)).code, 'IMPORT_EMPTY_FILE');
  const missing = code(() => parseImportCsv('When,Price,Stake\n2024-03-01,-110,1\n', OPTS));
  t.is(missing.code, 'IMPORT_MISSING_COLUMNS');
  t.is(missing.message, 'The file has no column for placed (a header such as "placed", "placed at", "placed on", "date placed"); result (a header such as "result", "status", "outcome"). Rename the header and try again.');
  t.regex(code(() => parseImportCsv('Placed,Stake,Result\n2024-03-01,1,W\n', OPTS)).message, /no column for odds/);
  t.is(parseImportCsv('Placed,Stake,Result,Legs\n2024-03-01,1,W,A @ 2 | B @ 2\n', OPTS).rows[0]!.decimal, 4, 'legs with odds can stand in for the odds column');
  t.is(code(() => parseImportCsv('Placed,Odds,Stake,Result\n2024-03-01,"-110,1,W\n', OPTS)).code, 'IMPORT_UNREADABLE_CSV');
  t.is(code(() => parseImportCsv('Placed,Odds\n', { timeZone: 'Nowhere/Else' })).code, 'IMPORT_BAD_OPTIONS');
});

test('limits: 5 MB and 20,000 data rows per file', (t) => {
  const big = `Placed,Odds,Stake,Result,Description\n${'x'.repeat(IMPORT_LIMITS.maxBytes)}`;
  const tooBig = t.throws(() => parseImportCsv(big, OPTS), { instanceOf: ImportFileError });
  t.is(tooBig.code, 'IMPORT_FILE_TOO_LARGE');
  t.is(tooBig.message, 'The file is 5.0 MB; one import takes at most 5 MB. Split it into smaller files.');

  const rows = (n: number): string => ['Placed,Odds,Stake,Result', ...Array.from({ length: n }, (_, i) => `${1_700_000_000 + i * 60},-110,1,W`)].join('\n');
  const tooMany = t.throws(() => parseImportCsv(rows(20_001), OPTS), { instanceOf: ImportFileError });
  t.is(tooMany.code, 'IMPORT_TOO_MANY_ROWS');
  t.is(tooMany.message, 'The file has 20,001 rows; one import takes at most 20,000. Split it into smaller files.');
  const full = parseImportCsv(rows(20_000), OPTS);
  t.is(full.rows.length, 20_000);
  t.is(full.rows.at(-1)!.line, 20_001);
});
