import { describe, expect, it } from "vitest";
import { context, edgeFetch, edgeFetchWith, freshIp } from "../../../test/worker-harness.ts";
import type { Bindings } from "../../env.ts";

const email = () => `proxy-${crypto.randomUUID().slice(0, 8)}@example.test`;
const register = (body: unknown, ip: string, headers: Record<string, string> = {}) =>
  edgeFetch("/v1/auth/register", {
    method: "POST",
    json: body,
    headers: { "cf-connecting-ip": ip, ...headers },
  });

describe("/v1/auth/* forwarded to the origin", () => {
  it("register, login, refresh and logout work through the edge, keeping the request id", async () => {
    const ip = freshIp();
    const address = email();
    const reg = await register({ email: address, password: "long enough pw", name: "Via Edge" }, ip, {
      "x-request-id": "trace-123",
    });
    expect(reg.status).toBe(201);
    expect(reg.headers.get("x-request-id")).toBe("trace-123");
    const auth = await reg.json<{ refreshToken: string; accessToken: string }>();

    const login = await edgeFetch("/v1/auth/login", {
      method: "POST",
      json: { email: address, password: "long enough pw" },
      headers: { "cf-connecting-ip": ip },
    });
    expect(login.status).toBe(200);

    const refresh = await edgeFetch("/v1/auth/refresh", {
      method: "POST",
      json: { refreshToken: auth.refreshToken },
    });
    expect(refresh.status).toBe(200);
    const rotated = await refresh.json<{ refreshToken: string }>();
    const logout = await edgeFetch("/v1/auth/logout", {
      method: "POST",
      json: { refreshToken: rotated.refreshToken },
    });
    expect(logout.status).toBe(204);
  });

  it("passes the origin's validation problems through unchanged", async () => {
    const res = await register({ email: "nope", password: "x", name: "" }, freshIp());
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = await res.json<{ errors: { field: string }[] }>();
    expect(body.errors.map((e) => e.field).sort()).toEqual(["email", "name", "password"]);
  });

  it("answers 503 problem+json when the origin is unreachable", async () => {
    const res = await edgeFetchWith({ ORIGIN_URL: "http://127.0.0.1:1" }, "/v1/auth/login", {
      method: "POST",
      json: { email: email(), password: "whatever1" },
      headers: { "cf-connecting-ip": freshIp() },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});

/** A sign-in with a wrong password from `ip`, through the Worker (with some bindings changed). */
const wrongLogin = (ip: string, options: { address?: string; bindings?: Partial<Bindings> } = {}) =>
  edgeFetchWith(options.bindings ?? {}, "/v1/auth/login", {
    method: "POST",
    json: { email: options.address ?? email(), password: "wrong-password" },
    headers: { "cf-connecting-ip": ip },
  });

describe("rate limits on login and register", () => {
  it("limits one IP to the configured attempts per minute, with Retry-After", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof wrongLogin>> | undefined;
    for (let i = 0; i < 11; i++) {
      const res = await wrongLogin(ip);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(limited?.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await wrongLogin(freshIp())).status).toBe(401);
  });

  it("limits one email across many IPs", async () => {
    const target = email();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await wrongLogin(freshIp(), { address: target })).status);
    expect(statuses[10]).toBe(429);
  });

  it("keeps the counters of each cache namespace apart (environments sharing one Redis)", async () => {
    const ip = freshIp();
    const login = (namespace: string) =>
      wrongLogin(ip, { bindings: { CACHE_NAMESPACE: namespace, AUTH_RATE_LIMIT_PER_MINUTE: "2" } });
    const spent = `${context.bindings.CACHE_NAMESPACE}-a`;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await login(spent)).status);
    expect(statuses).toEqual([401, 401, 429]);
    expect((await login(`${context.bindings.CACHE_NAMESPACE}-b`)).status).toBe(401);
  });

  it("stays open when Redis is unreachable (sign-in must not depend on the limiter)", async () => {
    const res = await wrongLogin(freshIp(), { bindings: { UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1" } });
    expect(res.status).toBe(401);
  });
});
