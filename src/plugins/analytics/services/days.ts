/** Roll-ups count a bet on the UTC day it settled, as `/stats` periods are UTC calendar periods. */
export const DAY_MS = 86_400_000;

export const dayOf = (epochMs: number): number => Math.floor(epochMs / DAY_MS);
export const dayStart = (day: number): number => day * DAY_MS;
export const isoDay = (day: number): string => new Date(dayStart(day)).toISOString().slice(0, 10);

/**
 * A UTC calendar month as the member-month roll-up keys it: `year * 100 + month` (December 2026 is 202612), so the
 * number reads as a month in the table and orders like one.
 */
export const monthOfDay = (day: number): number => {
  const d = new Date(dayStart(day));
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
};

/** The first UTC day (since the epoch) of a month key. */
export const monthStartDay = (month: number): number => Date.UTC(Math.floor(month / 100), (month % 100) - 1, 1) / DAY_MS;

/** The month key after `month`. */
export const nextMonth = (month: number): number => (month % 100 === 12 ? month + 89 : month + 1);
