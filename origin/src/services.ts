/**
 * Everything a request handler may use, built once per process and reached through the Hono
 * context (`c.var.services`), never through module globals — so tests can build as many
 * independent origins as they like.
 */
import { AuthRateLimiter } from "@seeyoo/http";
import { cacheKeys } from "@seeyoo/schema/cache-keys";
import { Redis } from "@upstash/redis";
import type pg from "pg";
import { Passwords } from "./auth/passwords.ts";
import { RefreshTokens } from "./auth/refresh-tokens.ts";
import { SigningKeys } from "./auth/signing-keys.ts";
import { CacheInvalidator } from "./cache/cache-invalidator.ts";
import type { Config } from "./config.ts";
import { type Database, openDatabase } from "./db/database.ts";
import { IngestService } from "./ingest/ingest-service.ts";
import type { Logger } from "./logging/logger.ts";
import { createMetrics, type Metrics } from "./ops/metrics.ts";

export interface Services {
  config: Config;
  db: Database;
  pool: pg.Pool;
  /** Ingests' own connections (INGEST_DB_POOL_MAX): a long upload never holds one of `pool`'s. */
  ingestPool: pg.Pool;
  keys: SigningKeys;
  passwords: Passwords;
  refreshTokens: RefreshTokens;
  /** The account API's rate limits (counters in the state Redis). */
  authLimits: AuthRateLimiter;
  metrics: Metrics;
  logger: Logger;
  cache: CacheInvalidator;
  ingest: IngestService;
  /** Set on SIGTERM: /readyz answers 503 so the load balancer stops sending traffic. */
  lifecycle: { draining: boolean };
}

/**
 * The origin's Hono environment. What a guard proves (the admin, the provider) is not here: the
 * guard adds it to the routes it is declared on.
 */
export type AppEnv = {
  Variables: {
    services: Services;
    requestId: string;
  };
};

function authRateLimiter(config: Config, logger: Logger): AuthRateLimiter {
  const { rest, sharesCache } = config.stateRedis;
  if (!rest) logger.warn("no Redis configured: the account API's rate limits are off");
  else if (sharesCache) {
    logger.warn(
      "UPSTASH_STATE_REST_URL is not set: rate-limit counters live in the cache Redis, which may evict them",
    );
  }
  if (!config.clientAddress.edgeSecret) {
    logger.info("EDGE_ORIGIN_SECRET is not set: client addresses forwarded by the edge are not trusted");
  }
  const redis = rest
    ? new Redis({ url: rest.url, token: rest.token, retry: { retries: 0 }, enableTelemetry: false })
    : null;
  return new AuthRateLimiter(redis, cacheKeys(config.cacheNamespace).rateLimitPrefix, {
    // Fail open: sign-in must not depend on the limiter (the password pool's queue still bounds the CPU).
    onError: (error) =>
      logger.warn({ err: (error as Error).message }, "auth rate limiter unavailable; attempt let through"),
  });
}

export async function createServices(config: Config, logger: Logger): Promise<Services> {
  const { pool, db } = openDatabase(config.databaseUrl, { max: config.dbPoolMax });
  const { pool: ingestPool } = openDatabase(config.databaseUrl, { max: config.ingestDbPoolMax });
  const metrics = createMetrics();
  const keys = await SigningKeys.fromJson(config.jwt.privateKeysJson, {
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    accessTtlSeconds: config.jwt.accessTtlSeconds,
  });
  const cache = new CacheInvalidator({
    redis: config.redis,
    namespace: config.cacheNamespace,
    pool,
    logger,
    onFailure: () => metrics.cacheInvalidationFailures.inc(),
  });
  return {
    config,
    db,
    pool,
    ingestPool,
    keys,
    passwords: new Passwords(config.bcryptCost, () => metrics.passwordChecks.inc(), config.passwords),
    refreshTokens: new RefreshTokens(db, config.refreshTtlSeconds, config.refreshFamilyLifetimeSeconds),
    authLimits: authRateLimiter(config, logger),
    metrics,
    logger,
    cache,
    ingest: new IngestService({
      pool: ingestPool,
      languages: config.epgLanguages,
      horizon: config.ingestHorizon,
      bodyLimitBytes: config.ingestBodyLimitBytes,
      metrics,
      logger,
      cache,
    }),
    lifecycle: { draining: false },
  };
}
