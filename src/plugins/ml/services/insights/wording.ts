/**
 * How numbers are written in the plain-English reasons members read.
 */

/** A signed percentage with one decimal, e.g. "+10.0%", "-3.5%", "0.0%". */
export function percent(x: number): string {
  const value = (x * 100).toFixed(1);
  return x > 0 && value !== '0.0' ? `+${value}%` : value === '-0.0' ? '0.0%' : `${value}%`;
}

/** A share with no sign, e.g. "45%". */
export function share(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** Units with two decimals and the right noun, e.g. "1.00 unit", "2.50 units". */
export function units(x: number): string {
  const value = x.toFixed(2);
  return `${value === '-0.00' ? '0.00' : value} ${value === '1.00' ? 'unit' : 'units'}`;
}
