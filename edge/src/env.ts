/**
 * The Worker's bindings (wrangler.toml vars and secrets) and the validated settings derived from
 * them. Parsed once per isolate per env object; a bad binding fails loudly at the first request.
 */
import * as v from "valibot";

export interface Bindings {
  ORIGIN_URL: string;
  JWKS_URL?: string;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  DATABASE_URL: string;
  NEON_WS_PROXY?: string;
  NEON_WS_SECURE?: string;
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  CDN_BASE_URL: string;
  CLOUDFRONT_KEY_PAIR_ID: string;
  CLOUDFRONT_PRIVATE_KEY: string;
  PLAYBACK_TTL_SECONDS?: string;
  MAX_CONCURRENT_STREAMS?: string;
  STREAM_SESSION_TTL_SECONDS?: string;
  AUTH_RATE_LIMIT_PER_MINUTE?: string;
  JWKS_COOLDOWN_SECONDS?: string;
  CACHE_NAMESPACE?: string;
  VERSION_CACHE_MS?: string;
  ASSETS?: Fetcher;
}

const positiveInt = (fallback: number) =>
  v.pipe(
    v.optional(v.string(), String(fallback)),
    v.regex(/^\d+$/, "must be a whole number"),
    v.transform(Number),
    v.minValue(1),
  );

const SettingsSchema = v.object({
  ORIGIN_URL: v.pipe(v.string("is required"), v.url("must be a URL")),
  JWKS_URL: v.optional(v.pipe(v.string(), v.url("must be a URL"))),
  JWT_ISSUER: v.pipe(v.string("is required"), v.minLength(1)),
  JWT_AUDIENCE: v.pipe(v.string("is required"), v.minLength(1)),
  DATABASE_URL: v.pipe(v.string("is required"), v.regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")),
  NEON_WS_PROXY: v.optional(v.string()),
  NEON_WS_SECURE: v.optional(v.picklist(["true", "false"]), "true"),
  UPSTASH_REDIS_REST_URL: v.optional(v.string()),
  UPSTASH_REDIS_REST_TOKEN: v.optional(v.string()),
  CDN_BASE_URL: v.pipe(v.string("is required"), v.url("must be a URL")),
  CLOUDFRONT_KEY_PAIR_ID: v.pipe(v.string("is required"), v.minLength(1)),
  CLOUDFRONT_PRIVATE_KEY: v.pipe(
    v.string("is required"),
    v.includes("PRIVATE KEY", "must be a PEM private key"),
  ),
  PLAYBACK_TTL_SECONDS: positiveInt(300),
  MAX_CONCURRENT_STREAMS: positiveInt(2),
  STREAM_SESSION_TTL_SECONDS: positiveInt(90),
  AUTH_RATE_LIMIT_PER_MINUTE: positiveInt(10),
  JWKS_COOLDOWN_SECONDS: positiveInt(30),
  VERSION_CACHE_MS: v.pipe(
    v.optional(v.string(), "1000"),
    v.regex(/^\d+$/, "must be a whole number"),
    v.transform(Number),
    v.maxValue(60_000),
  ),
  CACHE_NAMESPACE: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9:_-]{1,64}$/)), "seeyoo:v1"),
});

export interface Settings {
  originUrl: string;
  jwksUrl: string;
  jwtIssuer: string;
  jwtAudience: string;
  databaseUrl: string;
  neonWsProxy: string | null;
  neonWsSecure: boolean;
  redis: { url: string; token: string } | null;
  cdnBaseUrl: string;
  cloudfront: { keyPairId: string; privateKeyPem: string };
  playbackTtlSeconds: number;
  maxConcurrentStreams: number;
  streamSessionTtlSeconds: number;
  authRateLimitPerMinute: number;
  jwksCooldownSeconds: number;
  cacheNamespace: string;
  versionCacheMs: number;
}

const parsed = new WeakMap<object, Settings>();

export function settingsOf(env: Bindings): Settings {
  const cached = parsed.get(env);
  if (cached) return cached;
  const result = v.safeParse(SettingsSchema, env);
  if (!result.success) {
    const names = result.issues.map((i) => `${v.getDotPath(i)}: ${i.message}`).join("; ");
    throw new Error(`invalid Worker configuration: ${names}`);
  }
  const e = result.output;
  const origin = e.ORIGIN_URL.replace(/\/$/, "");
  const settings: Settings = {
    originUrl: origin,
    jwksUrl: e.JWKS_URL ?? `${origin}/.well-known/jwks.json`,
    jwtIssuer: e.JWT_ISSUER,
    jwtAudience: e.JWT_AUDIENCE,
    databaseUrl: e.DATABASE_URL,
    neonWsProxy: e.NEON_WS_PROXY || null,
    neonWsSecure: e.NEON_WS_SECURE === "true",
    redis:
      e.UPSTASH_REDIS_REST_URL && e.UPSTASH_REDIS_REST_TOKEN
        ? { url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN }
        : null,
    cdnBaseUrl: e.CDN_BASE_URL.replace(/\/$/, ""),
    cloudfront: { keyPairId: e.CLOUDFRONT_KEY_PAIR_ID, privateKeyPem: e.CLOUDFRONT_PRIVATE_KEY },
    playbackTtlSeconds: e.PLAYBACK_TTL_SECONDS,
    maxConcurrentStreams: e.MAX_CONCURRENT_STREAMS,
    streamSessionTtlSeconds: e.STREAM_SESSION_TTL_SECONDS,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    jwksCooldownSeconds: e.JWKS_COOLDOWN_SECONDS,
    cacheNamespace: e.CACHE_NAMESPACE,
    versionCacheMs: e.VERSION_CACHE_MS,
  };
  parsed.set(env, settings);
  return settings;
}
