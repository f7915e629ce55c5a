/**
 * /v1/auth/* is the origin's (it holds the signing keys and bcrypt): the edge forwards method,
 * body and the relevant headers, with the request id and the client's address, and rate-limits
 * login and register first.
 */
import { describeRoute, jsonResponse, problemResponse, resolver } from "@seeyoo/http";
import {
  AuthResponse,
  LoginRequest,
  LogoutRequest,
  ProblemError,
  RefreshRequest,
  RegisterRequest,
} from "@seeyoo/schema/wire";
import { type Context, Hono } from "hono";
import type { GenericSchema } from "valibot";
import { checkAuthRateLimit } from "../../auth/auth-rate-limit.ts";
import type { EdgeEnv } from "../../edge-env.ts";

const FORWARDED_REQUEST_HEADERS = [
  "content-type",
  "accept",
  "accept-language",
  "user-agent",
  "authorization",
];
const RETURNED_HEADERS = ["content-type", "cache-control", "retry-after", "www-authenticate"];
const RATE_LIMITED = new Set(["/v1/auth/login", "/v1/auth/register"]);

function emailOf(body: string): string | null {
  try {
    const email = (JSON.parse(body) as { email?: unknown }).email;
    return typeof email === "string" ? email : null;
  } catch {
    return null; // the origin answers malformed bodies with 400
  }
}

const describe = (summary: string, request: GenericSchema, success: number, limited: boolean) =>
  describeRoute({
    tags: ["Account"],
    summary,
    requestBody: { content: { "application/json": { schema: resolver(request) } } },
    responses: {
      [success]: success === 204 ? { description: "Done" } : jsonResponse("Signed in", AuthResponse),
      400: problemResponse("Invalid body, naming the fields"),
      401: problemResponse("Wrong credentials or refresh token"),
      ...(limited ? { 429: problemResponse("Too many attempts; see Retry-After") } : {}),
    },
  });

async function forward(c: Context<EdgeEnv>) {
  const settings = c.var.settings;
  const body = await c.req.text();
  const ip = c.req.header("cf-connecting-ip") ?? "unknown";

  if (RATE_LIMITED.has(c.req.path)) {
    const { redis, keys } = c.var.services;
    const verdict = await checkAuthRateLimit(redis, keys, settings.authRateLimitPerMinute, ip, emailOf(body));
    if (!verdict.allowed) {
      throw new ProblemError(429, "rateLimited", "Too many attempts; try again later", {
        detail: `Limit of ${settings.authRateLimitPerMinute} per minute per ${verdict.scope} reached`,
        headers: { "retry-after": String(verdict.retryAfterSeconds) },
      });
    }
  }

  const headers = new Headers({ "x-request-id": c.var.requestId, "x-forwarded-for": ip });
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = c.req.header(name);
    if (value) headers.set(name, value);
  }
  let upstream: Response;
  try {
    upstream = await fetch(`${settings.originUrl}${c.req.path}`, {
      method: c.req.method,
      headers,
      body: body || null,
    });
  } catch {
    throw new ProblemError(503, "unavailable", "Sign-in is temporarily unavailable", {
      headers: { "retry-after": "5" },
    });
  }
  const out = new Headers();
  for (const name of RETURNED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) out.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers: out });
}

export const authProxyRoutes = new Hono<EdgeEnv>()
  .post("/register", describe("Create an account", RegisterRequest, 201, true), forward)
  .post("/login", describe("Sign in", LoginRequest, 200, true), forward)
  .post("/refresh", describe("Exchange a refresh token (rotates it)", RefreshRequest, 200, false), forward)
  .post(
    "/logout",
    describe("Sign out (revokes the refresh-token family)", LogoutRequest, 204, false),
    forward,
  );
