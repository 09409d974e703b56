import test from 'ava';
import { CANONICAL_COLUMNS, COLUMN_ALIASES, mapColumns, normaliseHeader } from '../../../../src/plugins/betting/import/columns.ts';

test('every accepted spelling maps to its column, whatever its case, separators or unit in brackets', (t) => {
  for (const column of CANONICAL_COLUMNS) {
    for (const alias of COLUMN_ALIASES[column]) {
      for (const header of [alias, alias.toUpperCase(), alias.replace(/ /g, '_'), ` ${alias.replace(/\b\w/g, (c) => c.toUpperCase())} (units) `]) {
        const map = mapColumns(['Notes', header]);
        t.is(map.recognised[column], header, `${JSON.stringify(header)} → ${column}`);
        t.is(map.index[column], 1);
        t.deepEqual(map.ignored, ['Notes']);
      }
    }
  }
});

test('no spelling belongs to two columns', (t) => {
  const all = CANONICAL_COLUMNS.flatMap((c) => COLUMN_ALIASES[c]);
  t.is(new Set(all).size, all.length);
  for (const alias of all) t.is(normaliseHeader(alias), alias, 'aliases are stored normalised');
});

test('normalising a header: BOM, case, separators, brackets', (t) => {
  t.is(normaliseHeader('\uFEFFBet_Date'), 'bet date');
  t.is(normaliseHeader('  Closing-Odds  '), 'closing odds');
  t.is(normaliseHeader('Stake (u)'), 'stake');
  t.is(normaliseHeader('Stake [units]'), 'stake');
  t.is(normaliseHeader('P/L'), 'p/l');
  t.is(normaliseHeader('time.settled'), 'time settled');
});

test('the first header of a column wins; repeats and unknown headers are listed as ignored', (t) => {
  const map = mapColumns(['Date', 'Placed At', 'Odds', 'Book', '', 'Stake', 'Result']);
  t.deepEqual(map.recognised, { placed: 'Date', odds: 'Odds', stake: 'Stake', result: 'Result' });
  t.deepEqual(map.index, { placed: 0, odds: 2, stake: 5, result: 6 });
  t.deepEqual(map.ignored, ['Placed At', 'Book']);
});

test('an odds header that names a format gives the hint for bare numbers', (t) => {
  t.is(mapColumns(['American Odds']).oddsHint, 'american');
  t.is(mapColumns(['decimal_odds']).oddsHint, 'decimal');
  t.is(mapColumns(['Fractional Odds']).oddsHint, 'fractional');
  t.is(mapColumns(['Odds']).oddsHint, undefined);
});
