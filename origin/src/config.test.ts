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
  ])("names the bad variable (%o → %s)", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
