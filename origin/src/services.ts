/**
 * Everything a request handler may use, built once per process and reached through the Hono
 * context (`c.var.services`), never through module globals — so tests can build as many
 * independent origins as they like.
 */
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
  keys: SigningKeys;
  passwords: Passwords;
  refreshTokens: RefreshTokens;
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

export async function createServices(config: Config, logger: Logger): Promise<Services> {
  const { pool, db } = openDatabase(config.databaseUrl, { max: config.dbPoolMax });
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
    keys,
    passwords: new Passwords(config.bcryptCost, () => metrics.passwordChecks.inc(), config.passwords),
    refreshTokens: new RefreshTokens(db, config.refreshTtlSeconds),
    metrics,
    logger,
    cache,
    ingest: new IngestService({ pool, languages: config.epgLanguages, metrics, logger, cache }),
    lifecycle: { draining: false },
  };
}
