/**
 * Odds formats: parsing what members type, converting between formats,
 * and the probability maths built on decimal odds.
 *
 * Decimal odds are the internal currency of the betting plugin: every other
 * format is converted to decimal on the way in and formatted on the way out,
 * so there is exactly one representation to reason about.
 */

/** The three odds formats members may type or ask to see. */
export type OddsFormat = 'american' | 'decimal' | 'fractional';

/** Result of {@link parseOdds}: either both representations, or a message to show the member. */
export type ParsedOdds = { ok: true; decimal: number; american: number } | { ok: false; message: string };

/** Decimal odds at or below this are refused: a 1% return is almost always a typo. */
export const MIN_DECIMAL = 1.01;

/** Largest denominator {@link decimalToFractional} will use; beyond this fractions stop being readable. */
export const MAX_FRACTION_DENOMINATOR = 100;

const EXAMPLES = 'American (-110, +150), decimal (2.50) or fractional (5/2)';

/**
 * Reads odds as a member typed them.
 *
 * Accepted shapes:
 * - American: `-110`, `+150`, `150` (|odds| must be at least 100).
 * - Decimal: `2.50`, `1.91` (must be above {@link MIN_DECIMAL}).
 * - Fractional: `5/2`, `11/10`, `evens` / `evs` / `even`.
 *
 * Ambiguity rules, applied in order:
 * 1. A sign (`+`/`-`) always means American; decimal odds are never signed.
 * 2. An unsigned number of 100 or more is American (`150` → +150), whatever the hint:
 *    decimal prices that long are rare enough that the typo is the likelier reading.
 * 3. An unsigned number with a decimal point below 100 is decimal, whatever the hint.
 * 4. A bare unsigned integer below 100 is decimal, unless the hint says
 *    `american` (then it is refused as |odds| < 100) or `fractional` (then it is
 *    refused as ambiguous: `5` might mean 5/1 = 6.00, and silently mispricing
 *    by a whole unit is worse than asking).
 *
 * @param text What the member typed; surrounding whitespace and a Unicode minus are tolerated.
 * @param hint The member's preferred format, used only to resolve bare integers.
 */
export function parseOdds(text: string, hint?: OddsFormat): ParsedOdds {
  // Phones and copy-paste from sportsbook sites produce typographic minus signs.
  const raw = text.trim().replace(/[\u2212\u2013\u2014]/g, '-');
  if (raw === '') return fail(`No odds given. Type ${EXAMPLES}.`);

  const lower = raw.toLowerCase();
  if (lower === 'evens' || lower === 'evs' || lower === 'even' || lower === 'evn') {
    return { ok: true, decimal: 2, american: 100 };
  }

  const fraction = /^(\S+)\s*\/\s*(\S+)$/.exec(raw);
  if (fraction) return parseFractional(raw, fraction[1], fraction[2]);

  const number = /^([+-])?(\d+(?:\.\d*)?|\.\d+)$/.exec(raw);
  if (!number) return fail(`Couldn't read "${raw}" as odds. Type ${EXAMPLES}.`);

  const sign = number[1];
  const magnitude = Number(number[2]);
  const hasPoint = number[2].includes('.');

  if (sign !== undefined) {
    const american = sign === '-' ? -magnitude : magnitude;
    return fromAmerican(raw, american);
  }
  if (magnitude >= 100) return fromAmerican(raw, magnitude);
  if (hasPoint) return fromDecimal(raw, magnitude);

  if (hint === 'american') return fromAmerican(raw, magnitude);
  if (hint === 'fractional') {
    return fail(
      `"${raw}" is ambiguous: type ${raw}/1 for fractional odds or ${magnitude.toFixed(2)} for decimal odds.`,
    );
  }
  return fromDecimal(raw, magnitude);
}

function fail(message: string): ParsedOdds {
  return { ok: false, message };
}

function fromAmerican(raw: string, american: number): ParsedOdds {
  if (Math.abs(american) < 100) {
    return fail(
      `"${raw}" isn't valid American odds: they must be 100 or more either way, e.g. -110 or +150. ` +
        `For decimal odds leave out the sign, e.g. 2.50.`,
    );
  }
  // -100 and +100 are the same price; normalising keeps stored values comparable.
  const normalised = american === -100 ? 100 : american;
  return { ok: true, decimal: americanToDecimal(normalised), american: normalised };
}

function fromDecimal(raw: string, decimal: number): ParsedOdds {
  if (!(decimal > MIN_DECIMAL)) {
    return fail(
      `"${raw}" is too short for decimal odds: they must be above ${MIN_DECIMAL}, e.g. 1.91 or 2.50. ` +
        `For American odds include the sign, e.g. -110.`,
    );
  }
  return { ok: true, decimal, american: decimalToAmerican(decimal) };
}

function parseFractional(raw: string, numeratorText: string, denominatorText: string): ParsedOdds {
  const numerator = /^\d+$/.test(numeratorText) ? Number(numeratorText) : NaN;
  const denominator = /^\d+$/.test(denominatorText) ? Number(denominatorText) : NaN;
  if (!(numerator > 0) || !(denominator > 0)) {
    return fail(`"${raw}" isn't valid fractional odds: use whole numbers above zero on both sides, e.g. 5/2 or 11/10.`);
  }
  const decimal = 1 + numerator / denominator;
  if (!(decimal > MIN_DECIMAL)) {
    return fail(`"${raw}" is too short: odds must pay more than ${MIN_DECIMAL} in decimal terms, e.g. 1/10 or 5/2.`);
  }
  return { ok: true, decimal, american: decimalToAmerican(decimal) };
}

/**
 * Converts American odds to decimal odds.
 * @throws RangeError when |american| < 100, which is not a valid American price.
 */
export function americanToDecimal(american: number): number {
  if (!Number.isFinite(american) || Math.abs(american) < 100) {
    throw new RangeError(`American odds must be at least 100 either way, got ${american}`);
  }
  return american > 0 ? 1 + american / 100 : 1 + 100 / -american;
}

/**
 * Converts decimal odds to American odds, rounded to the nearest integer:
 * `d ≥ 2` → `+(d − 1) × 100`, otherwise `−100 / (d − 1)`.
 * @throws RangeError when `decimal ≤ 1`, which has no American equivalent.
 */
export function decimalToAmerican(decimal: number): number {
  assertDecimal(decimal);
  if (decimal >= 2) return Math.round((decimal - 1) * 100);
  // Rounding the magnitude keeps -110.5 → -111 symmetric with +110.5 → +111.
  return -Math.round(100 / (decimal - 1));
}

/**
 * Converts decimal odds to the nearest fraction `n/d` of the profit (`decimal − 1`)
 * whose denominator is at most `maxDenominator`, e.g. 2.5 → `'3/2'`, 1.909 → `'10/11'`.
 *
 * Uses the continued-fraction best rational approximation, so the result is the
 * closest fraction possible under the denominator limit, not merely a convergent.
 * @throws RangeError when `decimal ≤ 1`.
 */
export function decimalToFractional(decimal: number, maxDenominator: number = MAX_FRACTION_DENOMINATOR): string {
  assertDecimal(decimal);
  const [numerator, denominator] = bestRational(decimal - 1, Math.max(1, Math.floor(maxDenominator)));
  return `${numerator}/${denominator}`;
}

/** Best rational approximation of a positive `x` with denominator ≤ `maxDen` (returns [num, den]). */
function bestRational(x: number, maxDen: number): [number, number] {
  // Convergents h/k, seeded with the conventional 0/1 and 1/0.
  let hPrev = 0;
  let kPrev = 1;
  let h = 1;
  let k = 0;
  let rest = x;
  for (let i = 0; i < 64; i++) {
    const a = Math.floor(rest);
    const hNext = a * h + hPrev;
    const kNext = a * k + kPrev;
    if (kNext > maxDen) {
      // The next convergent is too fine; the best semiconvergent may still beat the last convergent.
      const steps = Math.floor((maxDen - kPrev) / k);
      const semiH = steps * h + hPrev;
      const semiK = steps * k + kPrev;
      if (steps > 0 && Math.abs(x - semiH / semiK) < Math.abs(x - h / k)) return reduce(semiH, semiK, maxDen);
      return reduce(h, k, maxDen);
    }
    hPrev = h;
    kPrev = k;
    h = hNext;
    k = kNext;
    const fractional = rest - a;
    // Stop once the remainder is float noise, otherwise 1.5 turns into 1499999/999999-style junk.
    if (fractional < 1e-9 || Math.abs(x - h / k) < 1e-12) break;
    rest = 1 / fractional;
  }
  return reduce(h, k, maxDen);
}

function reduce(numerator: number, denominator: number, maxDen: number): [number, number] {
  // Profits below 1/(2·maxDen) round to 0/1, which would read as "no profit"; show the smallest fraction instead.
  if (numerator === 0) return [1, maxDen];
  const divisor = gcd(numerator, denominator);
  return [numerator / divisor, denominator / divisor];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Formats decimal odds for display: `'-110'`, `'+150'` (American, always signed),
 * `'2.50'` (decimal, two places) or `'5/2'` (fractional).
 * @throws RangeError when `decimal ≤ 1`.
 */
export function formatOdds(decimal: number, format: OddsFormat): string {
  assertDecimal(decimal);
  switch (format) {
    case 'american': {
      const american = decimalToAmerican(decimal);
      return american > 0 ? `+${american}` : `${american}`;
    }
    case 'decimal':
      return decimal.toFixed(2);
    case 'fractional':
      return decimalToFractional(decimal);
  }
}

/** The probability the price implies, margin included: `1 / decimal`. */
export function impliedProbability(decimal: number): number {
  assertDecimal(decimal);
  return 1 / decimal;
}

/** Sum of the implied probabilities of every outcome in a market (1 for a fair book). */
function overround(decimals: readonly number[]): number {
  let sum = 0;
  for (const decimal of decimals) sum += impliedProbability(decimal);
  return sum;
}

/**
 * Fair probabilities for every outcome of one market, removing the bookmaker's
 * margin by proportional normalisation: `p_i = (1/d_i) / Σ(1/d_j)`.
 * The result sums to 1 and keeps the input order; an empty market gives `[]`.
 */
export function removeMargin(decimals: readonly number[]): number[] {
  const sum = overround(decimals);
  return decimals.map((decimal) => 1 / decimal / sum);
}

/** The bookmaker's margin: `Σ(1/d) − 1` (e.g. 0.0476 for -110/-110). Negative for an impossible book. */
export function bookMargin(decimals: readonly number[]): number {
  return overround(decimals) - 1;
}

/**
 * True when the implied probabilities sum to less than 1, i.e. backing every
 * outcome guarantees a profit (an arbitrage, or more likely a bad price feed).
 */
export function isImpossibleBook(decimals: readonly number[]): boolean {
  // The tolerance stops [2, 2] (exactly fair) being flagged because of float noise.
  return decimals.length > 0 && overround(decimals) < 1 - 1e-12;
}

/** Decimal odds of a parlay: the product of its legs' decimal odds (1 for no legs). */
export function parlayDecimal(legDecimals: readonly number[]): number {
  let product = 1;
  for (const decimal of legDecimals) {
    assertDecimal(decimal);
    product *= decimal;
  }
  return product;
}

function assertDecimal(decimal: number): void {
  if (!Number.isFinite(decimal) || decimal <= 1) {
    throw new RangeError(`Decimal odds must be a finite number above 1, got ${decimal}`);
  }
}
