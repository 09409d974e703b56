/** Guild tiers, lowest first. */
export const TIERS = ['free', 'premium', 'platinum'] as const;
export type Tier = (typeof TIERS)[number];

/** Whether a guild on `have` may use something that needs `need`. */
export const tierAllows = (have: Tier, need: Tier): boolean => TIERS.indexOf(have) >= TIERS.indexOf(need);

export const isTier = (value: string): value is Tier => (TIERS as readonly string[]).includes(value);
