/**
 * Runs in Node before the Worker tests: starts the real things the Worker talks to and hands
 * their addresses to workerd as bindings.
 *   - PostgreSQL (the machine's, or embedded) with a migrated database of its own,
 *   - the WebSocket→TCP proxy the Neon driver needs to reach it,
 *   - the Upstash REST bridges in front of the real Redis (required: a missing Redis fails): caches
 *     in database 0, state (UPSTASH_STATE_REST_*) in database 1, as `npm start` runs them,
 *   - a real origin (accounts, JWKS) on that same database,
 *   - a CloudFront-style RSA key pair for playback signing.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { TestProject } from "vitest/node";
import { createApp } from "../../origin/src/app.ts";
import { generateSigningJwk } from "../../origin/src/auth/signing-keys.ts";
import { loadConfig } from "../../origin/src/config.ts";
import { createLogger } from "../../origin/src/logging/logger.ts";
import { createServices } from "../../origin/src/services.ts";
import { cloneTestDatabase, provisionTestPostgres } from "../../origin/test/postgres-global-setup.ts";
import { startNeonWsProxy } from "../../tools/local-stack/src/neon-ws-proxy.ts";
import { isRedisReachable } from "../../tools/local-stack/src/redis-reachable.ts";
import { startUpstashEndpoints } from "../../tools/local-stack/src/upstash-endpoints.ts";
import "./edge-test-context.ts";
import { startRotatingJwksServer } from "./rotating-jwks-server.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export default async function setup(project: TestProject) {
  if (!(await isRedisReachable(REDIS_URL, 2_000))) {
    throw new Error(`Redis is required for the edge tests but ${REDIS_URL} is not reachable`);
  }
  const postgres = await provisionTestPostgres();
  const databaseUrl = await cloneTestDatabase(postgres.adminUrl, postgres.template);
  const proxy = await startNeonWsProxy({ port: 0, databaseUrl });
  const upstash = await startUpstashEndpoints({ redisUrl: REDIS_URL });
  const bridge = upstash.cache;
  const namespace = `seeyoo-test:${randomBytes(4).toString("hex")}`;

  const signingJwk = await generateSigningJwk("edge-test-key");
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    JWT_PRIVATE_KEYS: JSON.stringify([signingJwk]),
    BCRYPT_COST: "4",
    LOG_LEVEL: "silent",
    ...upstash.env,
    CACHE_NAMESPACE: namespace,
  });
  const services = await createServices(config, createLogger("silent"));
  const origin = serve({ fetch: createApp(services).fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => origin.once("listening", () => resolve()));
  const originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;

  const rotatingJwks = await startRotatingJwksServer();
  const cloudfront = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const proxyHostPath = proxy.url.replace(/^ws:\/\//, "");

  project.provide("edge", {
    bindings: {
      ORIGIN_URL: originUrl,
      JWT_ISSUER: config.jwt.issuer,
      JWT_AUDIENCE: config.jwt.audience,
      DATABASE_URL: databaseUrl,
      NEON_WS_PROXY: proxyHostPath,
      NEON_WS_SECURE: "false",
      ...upstash.env,
      CACHE_NAMESPACE: namespace,
      // Read versions from Redis on every request, so a bump is visible on the very next read;
      // the default (1 s of reuse per isolate) has its own test in tiered-cache.test.ts.
      VERSION_CACHE_MS: "0",
      CDN_BASE_URL: "http://127.0.0.1:8790",
      CLOUDFRONT_KEY_PAIR_ID: "KTESTKEYPAIR",
      CLOUDFRONT_PRIVATE_KEY: cloudfront.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      PLAYBACK_TTL_SECONDS: "300",
      MAX_CONCURRENT_STREAMS: "2",
      STREAM_SESSION_TTL_SECONDS: "90",
      AUTH_RATE_LIMIT_PER_MINUTE: "10",
      JWKS_COOLDOWN_SECONDS: "30",
    },
    signingJwk: JSON.stringify(signingJwk),
    databaseUrl,
    proxyUrl: proxyHostPath,
    redisUrl: bridge.url,
    redisToken: bridge.token,
    cloudfrontPublicKeyPem: cloudfront.publicKey.export({ type: "spki", format: "pem" }).toString(),
    rotatingJwksUrl: rotatingJwks.url,
  });

  return async () => {
    await new Promise<void>((resolve) => origin.close(() => resolve()));
    await rotatingJwks.close();
    await services.pool.end();
    await upstash.close();
    await proxy.close();
    await postgres.cleanup();
  };
}
