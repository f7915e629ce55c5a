import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const base = { DATABASE_URL: "postgres://u@h/db", JWT_PRIVATE_KEYS: "[{}]" };

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      host: "127.0.0.1",
      port: 8788,
      dbPoolMax: 10,
      bcryptCost: 12,
      passwords: { workers: availableParallelism(), queueMax: 64 },
      bodyLimitBytes: 65536,
      ingestBodyLimitBytes: 1024 * 1024 * 1024,
      ingestDbPoolMax: 2,
      ingestHorizon: { pastDays: 14, futureDays: 31 },
      jwt: { issuer: "seeyoo-origin", audience: "seeyoo-api", accessTtlSeconds: 900 },
      redis: null,
      stateRedis: { rest: null, sharesCache: false },
      refreshTtlSeconds: 30 * 24 * 3600,
      refreshFamilyLifetimeSeconds: 90 * 24 * 3600,
      clientAddress: { header: null, edgeSecret: null },
      epgLanguages: ["en"],
    });
  });

  it.each([
    [{ JWT_PRIVATE_KEYS: "[{}]" }, "DATABASE_URL"],
    [{ DATABASE_URL: "mysql://x", JWT_PRIVATE_KEYS: "[{}]" }, "DATABASE_URL"],
    [{ DATABASE_URL: "postgres://x" }, "JWT_PRIVATE_KEYS"],
    [{ ...base, BCRYPT_COST: "twelve" }, "BCRYPT_COST"],
    [{ ...base, BCRYPT_COST: "3" }, "BCRYPT_COST"],
    [{ ...base, ORIGIN_PORT: "70000" }, "ORIGIN_PORT"],
    [{ ...base, DB_POOL_MAX: "0" }, "DB_POOL_MAX"],
    [{ ...base, PASSWORD_WORKERS: "0" }, "PASSWORD_WORKERS"],
    [{ ...base, PASSWORD_QUEUE_MAX: "-1" }, "PASSWORD_QUEUE_MAX"],
    [{ ...base, INGEST_DB_POOL_MAX: "0" }, "INGEST_DB_POOL_MAX"],
    [{ ...base, INGEST_FUTURE_DAYS: "0" }, "INGEST_FUTURE_DAYS"],
    [{ ...base, INGEST_PAST_DAYS: "-1" }, "INGEST_PAST_DAYS"],
    [{ ...base, UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079" }, "UPSTASH_REDIS_REST_TOKEN"],
    [{ ...base, UPSTASH_STATE_REST_URL: "http://127.0.0.1:8078" }, "UPSTASH_STATE_REST_TOKEN"],
    [{ ...base, EDGE_ORIGIN_SECRET: "too-short" }, "EDGE_ORIGIN_SECRET"],
    [{ ...base, CLIENT_IP_HEADER: "cf-connecting-ip: 1.2.3.4" }, "CLIENT_IP_HEADER"],
    [{ ...base, REFRESH_FAMILY_LIFETIME_SECONDS: "0" }, "REFRESH_FAMILY_LIFETIME_SECONDS"],
  ])("names the bad variable (%o → %s)", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe("state Redis and client address", () => {
  const cache = { UPSTASH_REDIS_REST_URL: "http://127.0.0.1:8079", UPSTASH_REDIS_REST_TOKEN: "c" };
  const state = { UPSTASH_STATE_REST_URL: "http://127.0.0.1:8078", UPSTASH_STATE_REST_TOKEN: "s" };

  it("keeps rate-limit state in the state Redis when it is configured", () => {
    expect(loadConfig({ ...base, ...cache, ...state }).stateRedis).toEqual({
      rest: { url: "http://127.0.0.1:8078", token: "s" },
      sharesCache: false,
    });
  });

  it("falls back to the cache Redis, saying so, when only that one is configured", () => {
    expect(loadConfig({ ...base, ...cache }).stateRedis).toEqual({
      rest: { url: "http://127.0.0.1:8079", token: "c" },
      sharesCache: true,
    });
  });

  it("reads the client-address header case-blind and keeps the edge secret", () => {
    const secret = "s".repeat(32);
    expect(
      loadConfig({ ...base, CLIENT_IP_HEADER: "CF-Connecting-IP", EDGE_ORIGIN_SECRET: secret }).clientAddress,
    ).toEqual({ header: "cf-connecting-ip", edgeSecret: secret });
  });
});
