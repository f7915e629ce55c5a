// Shared by the integration tests: are the real Redis/Postgres there? A missing service fails
// the run, locally and in CI alike, because a skipped suite proves nothing.
import pg from "pg";
import { isRedisReachable } from "./redis-reachable.ts";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function absent(service: string, url: string): never {
  throw new Error(`${service} is not reachable at ${url}; the tests need the real service`);
}

export async function requireRedis(): Promise<void> {
  if (!(await isRedisReachable(REDIS_URL, 1_000))) absent("Redis", REDIS_URL);
}

export async function requirePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
  } catch {
    absent("Postgres", POSTGRES_URL);
  } finally {
    await client.end().catch(() => undefined);
  }
}
