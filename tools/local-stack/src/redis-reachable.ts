// Answers "is a Redis serving at this URL?" within a deadline: connect (with AUTH/SELECT from the
// URL) and expect PONG. Never throws.
import { Redis } from "./ioredis.ts";

export async function isRedisReachable(url: string, timeoutMs = 1_000): Promise<boolean> {
  let redis: Redis | undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on("error", () => {});
    const client = redis;
    const pong = (async () => {
      await client.connect();
      return (await client.ping()) === "PONG";
    })().catch(() => false);
    return await Promise.race([pong, deadline]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    redis?.disconnect();
  }
}
