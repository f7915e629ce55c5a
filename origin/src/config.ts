/**
 * The origin's configuration, read once from the environment: one valibot schema whose input is
 * the environment and whose output is the settings the code uses. A missing or malformed
 * variable stops the process with a message naming it (12-factor: no config files, no secrets in
 * the repo).
 */
import { availableParallelism } from "node:os";
import { RedisEnv, stateRestOf, upstashRestOf } from "@seeyoo/schema/redis-env";
import { GUIDE_FUTURE_DAYS, GUIDE_PAST_DAYS } from "@seeyoo/schema/wire";
import * as v from "valibot";

const intFromEnv = (fallback: number, min: number, max: number) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.regex(/^\d+$/, "must be a whole number"),
    v.transform(Number),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

const ConfigSchema = v.pipe(
  v.object({
    DATABASE_URL: v.pipe(
      v.string("is required"),
      v.regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
    ),
    HOST: v.optional(v.string(), "127.0.0.1"),
    DB_POOL_MAX: intFromEnv(10, 1, 200),
    ORIGIN_PORT: intFromEnv(8788, 0, 65535),
    JWT_PRIVATE_KEYS: v.pipe(
      v.string("is required (a JSON array of private EC P-256 JWKs with kid)"),
      v.minLength(2),
    ),
    JWT_ISSUER: v.optional(v.pipe(v.string(), v.minLength(1)), "seeyoo-origin"),
    JWT_AUDIENCE: v.optional(v.pipe(v.string(), v.minLength(1)), "seeyoo-api"),
    ACCESS_TOKEN_TTL_SECONDS: intFromEnv(900, 30, 86_400),
    REFRESH_TOKEN_TTL_SECONDS: intFromEnv(2_592_000, 60, 31_536_000),
    REFRESH_FAMILY_LIFETIME_SECONDS: intFromEnv(7_776_000, 60, 31_536_000),
    /** The header a trusted proxy in front sets to the client's address; unset = the TCP peer. */
    CLIENT_IP_HEADER: v.optional(
      v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, "must be a header name"), v.toLowerCase()),
    ),
    /** Shared with the edge: its forwarded client address is trusted only with this secret. */
    EDGE_ORIGIN_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, "must be at least 32 characters"))),
    BCRYPT_COST: intFromEnv(12, 4, 15),
    PASSWORD_WORKERS: intFromEnv(availableParallelism(), 1, 256),
    PASSWORD_QUEUE_MAX: intFromEnv(64, 0, 100_000),
    BODY_LIMIT_BYTES: intFromEnv(65_536, 1024, 10_485_760),
    INGEST_BODY_LIMIT_BYTES: intFromEnv(1_073_741_824, 1024, 10_737_418_240),
    INGEST_DB_POOL_MAX: intFromEnv(2, 1, 50),
    INGEST_PAST_DAYS: intFromEnv(GUIDE_PAST_DAYS, 0, 366),
    INGEST_FUTURE_DAYS: intFromEnv(GUIDE_FUTURE_DAYS, 1, 366),
    SHUTDOWN_GRACE_MS: intFromEnv(15_000, 0, 600_000),
    SHUTDOWN_DRAIN_MS: intFromEnv(0, 0, 60_000),
    LOG_LEVEL: v.optional(v.picklist(["fatal", "error", "warn", "info", "debug", "trace", "silent"]), "info"),
    ...RedisEnv,
    EPG_LANGUAGES: v.pipe(
      v.optional(v.string(), "en"),
      v.transform((list) =>
        list
          .split(",")
          .map((language) => language.trim())
          .filter(Boolean),
      ),
    ),
  }),
  v.forward(
    v.check(
      (e) => Boolean(e.UPSTASH_REDIS_REST_URL) === Boolean(e.UPSTASH_REDIS_REST_TOKEN),
      "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together",
    ),
    ["UPSTASH_REDIS_REST_TOKEN"],
  ),
  v.forward(
    v.check(
      (e) => Boolean(e.UPSTASH_STATE_REST_URL) === Boolean(e.UPSTASH_STATE_REST_TOKEN),
      "UPSTASH_STATE_REST_URL and UPSTASH_STATE_REST_TOKEN must be set together",
    ),
    ["UPSTASH_STATE_REST_TOKEN"],
  ),
  v.transform((e) => ({
    databaseUrl: e.DATABASE_URL,
    dbPoolMax: e.DB_POOL_MAX,
    host: e.HOST,
    port: e.ORIGIN_PORT,
    jwt: {
      privateKeysJson: e.JWT_PRIVATE_KEYS,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    },
    refreshTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    /** The absolute lifetime of a sign-in (refresh-token family), whatever its refreshes. */
    refreshFamilyLifetimeSeconds: e.REFRESH_FAMILY_LIFETIME_SECONDS,
    /** Where the client's address comes from (client-address.ts). */
    clientAddress: { header: e.CLIENT_IP_HEADER ?? null, edgeSecret: e.EDGE_ORIGIN_SECRET ?? null },
    bcryptCost: e.BCRYPT_COST,
    /** The password worker pool: threads and how many jobs may wait (503 beyond). */
    passwords: { workers: e.PASSWORD_WORKERS, queueMax: e.PASSWORD_QUEUE_MAX },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    ingestBodyLimitBytes: e.INGEST_BODY_LIMIT_BYTES,
    /** Ingests run on a pool of their own, so logins and refreshes never wait for them. */
    ingestDbPoolMax: e.INGEST_DB_POOL_MAX,
    /** How far from now a posted programme may start (plausibility; nothing outside is written). */
    ingestHorizon: { pastDays: e.INGEST_PAST_DAYS, futureDays: e.INGEST_FUTURE_DAYS },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    /** After SIGTERM, /readyz answers 503 while requests are still served this long, then close. */
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    logLevel: e.LOG_LEVEL,
    /** Where cache versions are bumped; null = nowhere (no edge cache to invalidate). */
    redis: upstashRestOf(e),
    /** Where rate-limit counters live: the state Redis, else the cache Redis (`sharesCache`). */
    stateRedis: stateRestOf(e),
    cacheNamespace: e.CACHE_NAMESPACE,
    /** Language preference for XMLTV titles and descriptions. */
    epgLanguages: e.EPG_LANGUAGES,
  })),
);

export type Config = v.InferOutput<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = v.safeParse(ConfigSchema, env);
  if (!result.success) {
    const lines = result.issues.map((issue) => `  ${v.getDotPath(issue) ?? "?"}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  return result.output;
}
