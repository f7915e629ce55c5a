/**
 * Helpers for tests running inside workerd: call the real Worker over its fetch handler, sign up
 * through the edge (which forwards to the real origin), forge tokens on purpose, and seed data
 * through the same Neon driver + proxy the Worker uses.
 */

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { neonConfig, Pool } from "@neondatabase/serverless";
import { cacheKeys } from "@seeyoo/schema/cache-keys";
import {
  mirrorVersionsEval,
  READ_VERSIONS_SQL,
  storedVersionsOf,
  versionScope,
} from "@seeyoo/schema/cache-versions";
import type { AuthResponse } from "@seeyoo/schema/wire";
import { importJWK, type JWK, SignJWT } from "jose";
import { inject } from "vitest";
import { createApp } from "../src/app.ts";
import type { Bindings } from "../src/env.ts";
import "./edge-test-context.ts";

export const context = inject("edge");
const BASE = "https://edge.test";

const hextet = () => crypto.getRandomValues(new Uint16Array(1))[0]?.toString(16) ?? "0";
/** An IPv6 /64 (documentation prefix) no other test uses: rate limits count a client by its /64. */
export const freshNetwork = () => `2001:db8:${hextet()}:${hextet()}`;
/** A fresh client address, so that the rate limits of one test never touch another's. */
export const freshIp = (network = freshNetwork()) => `${network}::${hextet()}`;

type EdgeInit = RequestInit & { cf?: Record<string, unknown>; token?: string; json?: unknown };

function buildRequest(path: string, init: EdgeInit = {}): Request {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return new Request(`${BASE}${path}`, { ...init, headers, body, cf: init.cf } as RequestInit);
}

/** Through the deployed Worker's fetch handler, exactly as a client would reach it. */
export async function edgeFetch(path: string, init: EdgeInit = {}): Promise<Response> {
  const worker = (exports as unknown as { default: { fetch(r: Request): Promise<Response> } }).default;
  return worker.fetch(buildRequest(path, init));
}

/**
 * The same Worker code with some bindings changed — how tests see it behave when Redis or
 * Postgres is unreachable. Waits for background work (cache fills) before returning.
 */
/**
 * Bindings that make Postgres unreachable for one request: the Neon driver's proxy is a dead port,
 * while DATABASE_URL stays the same (the same database, as during an outage — its cache keys,
 * epoch and last good copies are the ones the Worker knows).
 */
export const POSTGRES_DOWN = { NEON_WS_PROXY: "127.0.0.1:1/v1" };

export async function edgeFetchWith(overrides: Partial<Bindings>, path: string, init: EdgeInit = {}) {
  const ctx = createExecutionContext();
  const response = await createApp().fetch(
    buildRequest(path, init),
    { ...env, ...overrides } as Bindings,
    ctx,
  );
  const body = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, headers: response.headers, body, json: () => JSON.parse(body) };
}

export async function signUp(): Promise<AuthResponse & { refreshToken: string }> {
  const email = `viewer-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const res = await edgeFetch("/v1/auth/register", {
    method: "POST",
    json: { email, password: "correct horse battery", name: "Edge Test" },
    headers: { "cf-connecting-ip": freshIp() },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const auth = await res.json<AuthResponse>();
  if (!auth.refreshToken) throw new Error("register answered without a refresh token");
  return { ...auth, refreshToken: auth.refreshToken };
}

let someUser: Promise<AuthResponse> | undefined;
/** The id of an account that exists (signed up once per test file), for tokens that must pass. */
export async function existingUserId(): Promise<string> {
  someUser ??= signUp();
  return (await someUser).user.id;
}

/**
 * Signs a token with the origin's real key (or claims of our choosing) to test the verifier;
 * `typ` defaults to the access-token type, `null` leaves it out.
 */
export async function signToken(
  claims: Record<string, unknown>,
  options: { kid?: string; key?: JWK; expiresIn?: number; typ?: string | null } = {},
): Promise<string> {
  const jwk = options.key ?? (JSON.parse(context.signingJwk) as JWK);
  const now = Math.floor(Date.now() / 1000);
  const typ = options.typ === undefined ? "at+jwt" : options.typ;
  return new SignJWT({ role: "viewer", sid: crypto.randomUUID(), ...claims })
    .setProtectedHeader({
      alg: "ES256",
      kid: options.kid ?? jwk.kid ?? "edge-test-key",
      ...(typ ? { typ } : {}),
    })
    .setIssuer((claims.iss as string) ?? context.bindings.JWT_ISSUER ?? "")
    .setAudience((claims.aud as string) ?? context.bindings.JWT_AUDIENCE ?? "")
    .setSubject((claims.sub as string) ?? crypto.randomUUID())
    .setIssuedAt(now - 5)
    .setExpirationTime(now + (options.expiresIn ?? 300))
    .setJti(crypto.randomUUID())
    .sign(await importJWK(jwk, "ES256"));
}

/** Runs SQL against the test database (or another one) through the Neon driver and the local proxy. */
export async function sql<T = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
  databaseUrl = context.databaseUrl,
): Promise<T[]> {
  neonConfig.wsProxy = (host, port) => `${context.proxyUrl}?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineConnect = false;
  const pool = new Pool({ connectionString: databaseUrl });
  pool.on("error", () => {});
  try {
    const result = await pool.query(text, params);
    return result.rows as T[];
  } finally {
    await pool.end();
  }
}

/** An admin token the origin accepts (signed with its key), for its admin API. */
export const adminToken = () => signToken({ role: "admin", sub: context.adminId });

/**
 * Creates a channel through the origin's admin API — which also bumps the catalog version in
 * Redis, exactly as in production — and returns its id.
 */
export async function createChannel(
  overrides: {
    allowedCountries?: string[];
    active?: boolean;
    name?: string;
    restartAllowed?: boolean;
    catchupHours?: number;
    slug?: string;
  } = {},
): Promise<string> {
  const token = await adminToken();
  for (let attempt = 0; attempt < 5; attempt++) {
    const tag = crypto.randomUUID().slice(0, 8);
    const res = await fetch(`${context.bindings.ORIGIN_URL}/v1/admin/channels`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        slug: overrides.slug ?? `t-${tag}.seeyoo.test`,
        number: 1000 + Math.floor(Math.random() * 98_000),
        name: overrides.name ?? `Test ${tag}`,
        hlsPath: `/live/t-${tag}`,
        allowedCountries: overrides.allowedCountries ?? [],
        active: overrides.active ?? true,
        ...(overrides.restartAllowed === undefined ? {} : { restartAllowed: overrides.restartAllowed }),
        ...(overrides.catchupHours === undefined ? {} : { catchupHours: overrides.catchupHours }),
      }),
    });
    if (res.status === 201) return (await res.json<{ id: string }>()).id;
    if (res.status !== 409) throw new Error(`channel create failed: ${res.status} ${await res.text()}`);
  }
  throw new Error("could not find a free channel number");
}

/** The channel's folder on the CDN (its playlists and segments live below it). */
export const hlsPathOf = async (channelId: string) =>
  (await sql<{ hls_path: string }>("select hls_path from channels where id = $1", [channelId]))[0]!.hls_path;

/** Changes a channel through the origin's admin API (which bumps the catalog version, as in production). */
export async function updateChannel(id: string, changes: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${context.bindings.ORIGIN_URL}/v1/admin/channels/${id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${await adminToken()}`, "content-type": "application/json" },
    body: JSON.stringify(changes),
  });
  if (res.status !== 200) throw new Error(`channel update failed: ${res.status} ${await res.text()}`);
}

/** One Redis command through an Upstash bridge (the test run's own, unless another is named). */
export async function redisCommand(
  args: (string | number)[],
  bridge: { url: string; token: string } = { url: context.redisUrl, token: context.redisToken },
): Promise<unknown> {
  const res = await fetch(bridge.url, {
    method: "POST",
    headers: { authorization: `Bearer ${bridge.token}`, "content-type": "application/json" },
    body: JSON.stringify(args),
  });
  const answer = await res.json<{ result?: unknown; error?: string }>();
  if (!res.ok) throw new Error(`redis ${args[0]} failed: ${res.status} ${answer.error}`);
  return answer.result;
}

/**
 * What the origin does after committing a change: reads the versions Postgres bumped (its
 * triggers did, in the writing transaction) and mirrors them into Redis. Scopes: `catalog`,
 * `epg`, `ch:<id>` (see versionScope).
 */
export async function mirrorVersions(
  scopes: string[],
  options: { databaseUrl?: string; bridge?: { url: string; token: string } } = {},
): Promise<void> {
  const [row] = await sql<{ epoch: string; versions: unknown }>(
    READ_VERSIONS_SQL,
    [scopes],
    options.databaseUrl,
  );
  const stored = storedVersionsOf(row!, scopes);
  const mirror = mirrorVersionsEval(cacheKeys(context.bindings.CACHE_NAMESPACE).of(stored.epoch), stored);
  await redisCommand(
    ["EVAL", mirror.script, mirror.keys.length, ...mirror.keys, ...mirror.args],
    options.bridge,
  );
}

/** The cache keys of a test database (this run's namespace, that database's epoch). */
export async function keysOf(databaseUrl = context.databaseUrl) {
  const [row] = await sql<{ epoch: string; versions: unknown }>(READ_VERSIONS_SQL, [[]], databaseUrl);
  return cacheKeys(context.bindings.CACHE_NAMESPACE).of(storedVersionsOf(row!, []).epoch);
}

/** Inserts programmes for a channel; times as ISO strings. */
export async function createProgrammes(
  channelId: string,
  programmes: {
    start: string;
    end: string;
    title: string;
    subtitle?: string;
    description?: string;
    categories?: string[];
  }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const p of programmes) {
    const [row] = await sql<{ id: string }>(
      `insert into epg_programs (channel_id, start_time, end_time, title, subtitle, description, categories)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [channelId, p.start, p.end, p.title, p.subtitle ?? null, p.description ?? null, p.categories ?? []],
    );
    ids.push(row!.id);
  }
  // What the origin's ingestion does after committing a schedule.
  await mirrorVersions([versionScope.channel(channelId), versionScope.epg]);
  return ids;
}
