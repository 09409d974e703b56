/** Discord's epoch (2015-01-01T00:00:00Z), so ids decode to plausible timestamps with discord.js's SnowflakeUtil. */
const DISCORD_EPOCH = 1420070400000n;

let lastTimestamp = 0n;
let increment = 0n;

/**
 * Returns a new, strictly increasing snowflake id as a string.
 * Monotonic within the process so that sorting by id equals sorting by creation, as on Discord.
 */
export function nextSnowflake(): string {
  let now = BigInt(Date.now()) - DISCORD_EPOCH;
  if (now <= lastTimestamp) {
    now = lastTimestamp;
    increment += 1n;
    if (increment > 0xfffn) {
      // Borrow the next millisecond rather than wrap, which would break ordering.
      now += 1n;
      increment = 0n;
    }
  } else {
    increment = 0n;
  }
  lastTimestamp = now;
  return ((now << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

/** ISO timestamp encoded in a snowflake id. */
export function snowflakeTimestamp(id: string): string {
  return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH)).toISOString();
}
