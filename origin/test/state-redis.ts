/**
 * The state Redis for origin tests that need its rate limits: an Upstash REST bridge in front of
 * the machine's real Redis (as `npm start` runs it), and a key namespace of the test's own, so
 * counters never meet another test's or another run's. A missing Redis fails the test.
 */
import { randomBytes } from "node:crypto";
import { isRedisReachable } from "@seeyoo/local-stack/redis-reachable";
import { startUpstashEndpoints } from "@seeyoo/local-stack/upstash-endpoints";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface TestStateRedis {
  /** UPSTASH_STATE_REST_URL/TOKEN and a fresh CACHE_NAMESPACE, for startTestOrigin. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startStateRedis(): Promise<TestStateRedis> {
  if (!(await isRedisReachable(REDIS_URL, 2_000))) {
    throw new Error(`these tests need Redis, but ${REDIS_URL} is not reachable`);
  }
  const upstash = await startUpstashEndpoints({ redisUrl: REDIS_URL });
  return {
    env: {
      UPSTASH_STATE_REST_URL: upstash.state.url,
      UPSTASH_STATE_REST_TOKEN: upstash.state.token,
      CACHE_NAMESPACE: `seeyoo-test:${randomBytes(6).toString("hex")}`,
    },
    close: () => upstash.close(),
  };
}
