/** Roll-ups count a bet on the UTC day it settled, as `/stats` periods are UTC calendar periods. */
export const DAY_MS = 86_400_000;

export const dayOf = (epochMs: number): number => Math.floor(epochMs / DAY_MS);
export const dayStart = (day: number): number => day * DAY_MS;
export const isoDay = (day: number): string => new Date(dayStart(day)).toISOString().slice(0, 10);
