/**
 * The Worker's bindings (wrangler.toml vars and secrets) and the settings read from them: one
 * valibot schema whose input is the bindings and whose output is the settings. Parsed once per
 * env object (isolate); a bad binding fails loudly at the first request, naming it.
 */
import { RedisEnv, stateRestOf, upstashRestOf } from "@seeyoo/schema/redis-env";
import * as v from "valibot";

const wholeNumber = (fallback: number) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.regex(/^\d+$/, "must be a whole number"),
    v.transform(Number),
  );
const positiveInt = (fallback: number) => v.pipe(wholeNumber(fallback), v.minValue(1));
const withoutTrailingSlash = (url: string) => url.replace(/\/$/, "");
const requiredUrl = v.pipe(
  v.string("is required"),
  v.url("must be a URL"),
  v.transform(withoutTrailingSlash),
);
const requiredText = v.pipe(v.string("is required"), v.minLength(1));

/**
 * Whether the Worker speaks TLS to Postgres inside the WebSocket tunnel, as the URL's sslmode
 * says (libpq's names): `require`, `verify-ca`, `verify-full` → TLS (production: Aurora with
 * rds.force_ssl, so wsproxy only ever relays ciphertext); `disable` or none → plain (local stack).
 * The driver's TLS (subtls) always verifies the server's chain against DATABASE_CA_CERTS.
 */
const TLS_MODES = new Set(["require", "verify-ca", "verify-full"]);
const sslModeOf = (url: string) => new URL(url).searchParams.get("sslmode") ?? "disable";

const SettingsSchema = v.pipe(
  v.object({
    ORIGIN_URL: requiredUrl,
    JWKS_URL: v.optional(v.pipe(v.string(), v.url("must be a URL"))),
    JWT_ISSUER: requiredText,
    JWT_AUDIENCE: requiredText,
    DATABASE_URL: v.pipe(
      v.string("is required"),
      v.regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
      v.check(
        (url) => sslModeOf(url) === "disable" || TLS_MODES.has(sslModeOf(url)),
        "sslmode must be disable, require, verify-ca or verify-full",
      ),
    ),
    /** PEM certificates the database's TLS chain must end in (e.g. the AWS RDS CA bundle). */
    DATABASE_CA_CERTS: v.optional(
      v.pipe(v.string(), v.includes("BEGIN CERTIFICATE", "must be PEM certificates")),
    ),
    NEON_WS_PROXY: v.optional(v.string()),
    NEON_WS_SECURE: v.pipe(
      v.optional(v.picklist(["true", "false"]), "true"),
      v.transform((value) => value === "true"),
    ),
    ...RedisEnv,
    CDN_BASE_URL: requiredUrl,
    CLOUDFRONT_KEY_PAIR_ID: requiredText,
    CLOUDFRONT_PRIVATE_KEY: v.pipe(
      v.string("is required"),
      v.includes("PRIVATE KEY", "must be a PEM private key"),
    ),
    PLAYBACK_TTL_SECONDS: positiveInt(60),
    MAX_CONCURRENT_STREAMS: positiveInt(2),
    STREAM_SESSION_TTL_SECONDS: positiveInt(90),
    PLAYBACK_STARTS_PER_MINUTE: positiveInt(6),
    /** Shared with the origin, which trusts the viewer's address the edge forwards only with it. */
    EDGE_ORIGIN_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, "must be at least 32 characters"))),
    JWKS_COOLDOWN_SECONDS: positiveInt(30),
    VERSION_CACHE_MS: v.pipe(wholeNumber(1000), v.maxValue(60_000)),
  }),
  v.forward(
    v.check(
      (e) => !TLS_MODES.has(sslModeOf(e.DATABASE_URL)) || Boolean(e.DATABASE_CA_CERTS),
      "is required when DATABASE_URL asks for TLS (sslmode=require, verify-ca or verify-full)",
    ),
    ["DATABASE_CA_CERTS"],
  ),
  v.transform((e) => {
    // Players heartbeat three times per session TTL; a signature lasts at most two intervals, so it
    // lapses soon after its session does, and is renewed only by heartbeats that pass the re-check.
    const heartbeatIntervalSeconds = Math.max(1, Math.floor(e.STREAM_SESSION_TTL_SECONDS / 3));
    return {
      originUrl: e.ORIGIN_URL,
      jwksUrl: e.JWKS_URL ?? `${e.ORIGIN_URL}/.well-known/jwks.json`,
      jwtIssuer: e.JWT_ISSUER,
      jwtAudience: e.JWT_AUDIENCE,
      databaseUrl: e.DATABASE_URL,
      /** TLS inside the tunnel (the trusted roots), or null for plain Postgres. */
      databaseTls: TLS_MODES.has(sslModeOf(e.DATABASE_URL)) ? { rootCerts: e.DATABASE_CA_CERTS ?? "" } : null,
      neonWsProxy: e.NEON_WS_PROXY || null,
      neonWsSecure: e.NEON_WS_SECURE,
      /** The Redis tier (versions, cached bodies); null = off. */
      redis: upstashRestOf(e),
      /** Stream sessions, playback starts and rate-limit counters: the state Redis, else the cache Redis (`sharesCache`). */
      stateRedis: stateRestOf(e),
      cdnBaseUrl: e.CDN_BASE_URL,
      cloudfront: { keyPairId: e.CLOUDFRONT_KEY_PAIR_ID, privateKeyPem: e.CLOUDFRONT_PRIVATE_KEY },
      /** Lifetime of a playback signature: PLAYBACK_TTL_SECONDS, never more than two heartbeat intervals. */
      playbackTtlSeconds: Math.min(e.PLAYBACK_TTL_SECONDS, 2 * heartbeatIntervalSeconds),
      heartbeatIntervalSeconds,
      maxConcurrentStreams: e.MAX_CONCURRENT_STREAMS,
      streamSessionTtlSeconds: e.STREAM_SESSION_TTL_SECONDS,
      playbackStartsPerMinute: e.PLAYBACK_STARTS_PER_MINUTE,
      edgeOriginSecret: e.EDGE_ORIGIN_SECRET ?? null,
      jwksCooldownSeconds: e.JWKS_COOLDOWN_SECONDS,
      cacheNamespace: e.CACHE_NAMESPACE,
      /** How long an isolate may reuse cache versions read from Redis (0 = read every time). */
      versionCacheMs: e.VERSION_CACHE_MS,
    };
  }),
);

export type Settings = v.InferOutput<typeof SettingsSchema>;

/** The Worker's env: the bindings the settings are read from, plus the static assets. */
export type Bindings = v.InferInput<typeof SettingsSchema> & { ASSETS?: Fetcher };

const parsed = new WeakMap<object, Settings>();

export function settingsOf(env: Bindings): Settings {
  const cached = parsed.get(env);
  if (cached) return cached;
  const result = v.safeParse(SettingsSchema, env);
  if (!result.success) {
    const names = result.issues.map((i) => `${v.getDotPath(i)}: ${i.message}`).join("; ");
    throw new Error(`invalid Worker configuration: ${names}`);
  }
  parsed.set(env, result.output);
  return result.output;
}
