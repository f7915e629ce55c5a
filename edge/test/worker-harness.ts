/**
 * Helpers for tests running inside workerd: call the real Worker over its fetch handler, sign up
 * through the edge (which forwards to the real origin), forge tokens on purpose, and seed data
 * through the same Neon driver + proxy the Worker uses.
 */

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { neonConfig, Pool } from "@neondatabase/serverless";
import type { AuthResponse } from "@seeyoo/schema/wire";
import { importJWK, type JWK, SignJWT } from "jose";
import { inject } from "vitest";
import { createApp } from "../src/app.ts";
import type { Bindings } from "../src/env.ts";
import "./edge-test-context.ts";

export const context = inject("edge");
const BASE = "https://edge.test";

let ipCounter = 0;
/** A fresh client address, so that per-IP rate limits of one test never touch another. */
export const freshIp = () => `198.51.100.${(++ipCounter % 250) + 1}-${crypto.randomUUID().slice(0, 6)}`;

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

export async function signUp(): Promise<AuthResponse> {
  const email = `viewer-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const res = await edgeFetch("/v1/auth/register", {
    method: "POST",
    json: { email, password: "correct horse battery", name: "Edge Test" },
    headers: { "cf-connecting-ip": freshIp() },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Signs a token with the origin's real key (or claims of our choosing) to test the verifier. */
export async function signToken(
  claims: Record<string, unknown>,
  options: { kid?: string; key?: JWK; expiresIn?: number } = {},
): Promise<string> {
  const jwk = options.key ?? (JSON.parse(context.signingJwk) as JWK);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: "viewer", ...claims })
    .setProtectedHeader({ alg: "ES256", kid: options.kid ?? jwk.kid ?? "edge-test-key" })
    .setIssuer((claims.iss as string) ?? context.bindings.JWT_ISSUER ?? "")
    .setAudience((claims.aud as string) ?? context.bindings.JWT_AUDIENCE ?? "")
    .setSubject((claims.sub as string) ?? crypto.randomUUID())
    .setIssuedAt(now - 5)
    .setExpirationTime(now + (options.expiresIn ?? 300))
    .setJti(crypto.randomUUID())
    .sign(await importJWK(jwk, "ES256"));
}

/** Runs SQL against the test database through the Neon driver and the local proxy. */
export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  neonConfig.wsProxy = (host, port) => `${context.proxyUrl}?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineConnect = false;
  const pool = new Pool({ connectionString: context.databaseUrl });
  pool.on("error", () => {});
  try {
    const result = await pool.query(text, params);
    return result.rows as T[];
  } finally {
    await pool.end();
  }
}

/** Inserts an active channel with a unique slug and number; returns its id. */
export async function createChannel(
  overrides: { allowedCountries?: string[]; active?: boolean; name?: string } = {},
) {
  const tag = crypto.randomUUID().slice(0, 8);
  const [row] = await sql<{ id: string }>(
    `insert into channels (slug, number, name, hls_path, allowed_countries, active)
     values ($1, (select coalesce(max(number), 0) + 1 from channels), $2, $3, $4, $5) returning id`,
    [
      `t-${tag}.seeyoo.test`,
      overrides.name ?? `Test ${tag}`,
      `/live/t-${tag}`,
      overrides.allowedCountries ?? [],
      overrides.active ?? true,
    ],
  );
  return row!.id;
}

/** Bumps cache versions in Redis the way the origin does after a change. */
export async function bumpVersions(keys: string[]): Promise<void> {
  const res = await fetch(`${context.redisUrl}/pipeline`, {
    method: "POST",
    headers: { authorization: `Bearer ${context.redisToken}`, "content-type": "application/json" },
    body: JSON.stringify(keys.map((k) => ["INCR", k])),
  });
  if (!res.ok) throw new Error(`bump failed: ${res.status}`);
}
