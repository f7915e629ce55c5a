/**
 * Runs in Node before the Worker tests: starts the real things the Worker talks to and hands
 * their addresses to workerd as bindings.
 *   - PostgreSQL (the machine's, or embedded) with a migrated database of its own, which the
 *     Worker reaches as the least-privilege role `seeyoo_edge` (as in production), so every edge
 *     test proves the Worker needs no more than that role's grants,
 *   - the WebSocket→TCP proxy the Neon driver needs to reach it,
 *   - the Upstash REST bridges in front of the real Redis (required: a missing Redis fails): caches
 *     in database 0, state (UPSTASH_STATE_REST_*) in database 1, as `npm start` runs them,
 *   - a real origin (accounts, JWKS) on that same database, sharing EDGE_ORIGIN_SECRET with the edge,
 *   - a CloudFront-style RSA key pair for playback signing,
 *   - a redis-server of its own (with its bridge) for the tests that flush Redis, and a second
 *     database (another stack's) for the tests of databases sharing one Redis.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { generateSigningJwk } from "@seeyoo/dev-data/signing-key";
import { startNeonWsProxy } from "@seeyoo/local-stack/neon-ws-proxy";
import { startPrivateRedis } from "@seeyoo/local-stack/private-redis";
import { isRedisReachable } from "@seeyoo/local-stack/redis-reachable";
import { startUpstashBridge } from "@seeyoo/local-stack/upstash-bridge";
import { startUpstashEndpoints } from "@seeyoo/local-stack/upstash-endpoints";
import { openDatabase } from "@seeyoo/origin/database";
import { EDGE_DB_ROLE, setEdgeRolePassword } from "@seeyoo/origin/edge-role-password";
import { startOriginServer } from "@seeyoo/origin/testing/origin-server";
import { cloneTestDatabase, provisionTestPostgres } from "@seeyoo/origin/testing/postgres";
import type { TestProject } from "vitest/node";
import "./edge-test-context.ts";
import { startRotatingJwksServer } from "./rotating-jwks-server.ts";
import { startTlsPostgres } from "./tls-postgres.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * The test databases as the Worker sees them: logged in as seeyoo_edge. The role is shared by the
 * whole cluster, so its password is set once for this run (the machine's Postgres trusts loopback
 * logins; an embedded one checks the password).
 */
async function edgeRoleUrls(ownerUrls: string[]): Promise<string[]> {
  const password = randomBytes(24).toString("hex");
  const { pool } = openDatabase(ownerUrls[0] as string, { max: 1 });
  try {
    await setEdgeRolePassword(pool, password);
  } finally {
    await pool.end();
  }
  return ownerUrls.map((ownerUrl) => {
    const url = new URL(ownerUrl);
    url.username = EDGE_DB_ROLE;
    url.password = password;
    return url.toString();
  });
}

export default async function setup(project: TestProject) {
  if (!(await isRedisReachable(REDIS_URL, 2_000))) {
    throw new Error(`Redis is required for the edge tests but ${REDIS_URL} is not reachable`);
  }
  // Started alongside: a TLS-only Postgres for the tests of TLS inside the tunnel.
  const tlsPostgres = startTlsPostgres();
  const postgres = await provisionTestPostgres();
  const databaseUrl = await cloneTestDatabase(postgres.adminUrl, postgres.template);
  const otherDatabaseUrl = await cloneTestDatabase(postgres.adminUrl, postgres.template);
  const [edgeDatabaseUrl = "", otherEdgeDatabaseUrl = ""] = await edgeRoleUrls([
    databaseUrl,
    otherDatabaseUrl,
  ]);
  const privateRedis = await startPrivateRedis();
  const privateBridge = await startUpstashBridge({
    redisUrl: privateRedis.url,
    token: randomBytes(16).toString("hex"),
  });
  const proxy = await startNeonWsProxy({ port: 0, databaseUrl });
  const upstash = await startUpstashEndpoints({ redisUrl: REDIS_URL });
  const bridge = upstash.cache;
  const namespace = `seeyoo-test:${randomBytes(4).toString("hex")}`;

  const signingJwk = await generateSigningJwk("edge-test-key");
  // The origin trusts the viewer's address the edge forwards only with this secret.
  const edgeOriginSecret = randomBytes(32).toString("hex");
  const origin = await startOriginServer({
    DATABASE_URL: databaseUrl,
    JWT_PRIVATE_KEYS: JSON.stringify([signingJwk]),
    ...upstash.env,
    CACHE_NAMESPACE: namespace,
    EDGE_ORIGIN_SECRET: edgeOriginSecret,
  });
  const { config } = origin.services;
  // The admin the tests act as: the origin's admin routes ask the database whether the token's
  // account exists and is an admin now, so a made-up subject would not do.
  const admin = await origin.services.pool.query<{ id: string }>(
    `insert into users (email, password_hash, name, role)
     values ('edge-test-admin@example.test', 'not-a-bcrypt-hash', 'Edge Test Admin', 'admin') returning id`,
  );

  const rotatingJwks = await startRotatingJwksServer();
  const cloudfront = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const proxyHostPath = proxy.url.replace(/^ws:\/\//, "");

  project.provide("edge", {
    bindings: {
      ORIGIN_URL: origin.url,
      JWT_ISSUER: config.jwt.issuer,
      JWT_AUDIENCE: config.jwt.audience,
      DATABASE_URL: edgeDatabaseUrl,
      NEON_WS_PROXY: proxyHostPath,
      NEON_WS_SECURE: "false",
      ...upstash.env,
      CACHE_NAMESPACE: namespace,
      EDGE_ORIGIN_SECRET: edgeOriginSecret,
      // Read versions from Redis on every request, so a bump is visible on the very next read;
      // the default (1 s of reuse per isolate) has its own test in tiered-cache.test.ts.
      VERSION_CACHE_MS: "0",
      CDN_BASE_URL: "http://127.0.0.1:8790",
      CLOUDFRONT_KEY_PAIR_ID: "KTESTKEYPAIR",
      CLOUDFRONT_PRIVATE_KEY: cloudfront.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      PLAYBACK_TTL_SECONDS: "300",
      MAX_CONCURRENT_STREAMS: "2",
      STREAM_SESSION_TTL_SECONDS: "90",
      JWKS_COOLDOWN_SECONDS: "30",
    },
    signingJwk: JSON.stringify(signingJwk),
    adminId: admin.rows[0]?.id ?? "",
    databaseUrl,
    proxyUrl: proxyHostPath,
    redisUrl: bridge.url,
    redisToken: bridge.token,
    cloudfrontPublicKeyPem: cloudfront.publicKey.export({ type: "spki", format: "pem" }).toString(),
    rotatingJwksUrl: rotatingJwks.url,
    tlsPostgres: await tlsPostgres.then(({ close: _, ...addresses }) => addresses),
    privateRedis: { url: privateBridge.url, token: privateBridge.token },
    otherDatabaseUrl,
    otherEdgeDatabaseUrl,
  });

  return async () => {
    await origin.close();
    await rotatingJwks.close();
    await upstash.close();
    await proxy.close();
    await privateBridge.close();
    await privateRedis.stop();
    await postgres.cleanup();
    await (await tlsPostgres).close();
  };
}
