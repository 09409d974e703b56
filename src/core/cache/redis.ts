import { createClient } from '@redis/client';

export type RedisClient = ReturnType<typeof createClient<{}, {}, {}, 2>>;

/** Opens a Redis connection; errors after the first connect are logged by the caller's handler, not thrown. */
export async function connectRedis(url: string, onError: (err: Error) => void): Promise<RedisClient> {
  const client: RedisClient = createClient({ url, RESP: 2, socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 3000) } });
  client.on('error', onError);
  await client.connect();
  return client;
}
