import { describe, expect, it } from "vitest";
import { edgeFetch, edgeFetchWith, freshIp } from "../../../test/worker-harness.ts";

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
    expect(res.headers.get("retry-after")).toBe("5");
  });
});

describe("the refresh cookie through the edge", () => {
  const COOKIE_MODE = { "x-token-delivery": "cookie" };
  const refreshCookieOf = (res: { headers: Headers }) =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith("seeyoo_refresh="))
      ?.split(";")[0]
      ?.slice("seeyoo_refresh=".length);

  it("passes Set-Cookie back and the cookie on to refresh and logout", async () => {
    const ip = freshIp();
    const reg = await register(
      { email: email(), password: "long enough pw", name: "Cookie" },
      ip,
      COOKIE_MODE,
    );
    expect(reg.status).toBe(201);
    expect(reg.headers.getSetCookie().join()).toMatch(/HttpOnly.*Secure|Secure.*HttpOnly/);
    expect(await reg.json()).not.toHaveProperty("refreshToken");
    const first = refreshCookieOf(reg);
    expect(first).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const refresh = await edgeFetch("/v1/auth/refresh", {
      method: "POST",
      json: {},
      headers: { ...COOKIE_MODE, cookie: `other=1; seeyoo_refresh=${first}; more=2` },
    });
    expect(refresh.status).toBe(200);
    const second = refreshCookieOf(refresh);
    expect(second).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(second).not.toBe(first);

    const logout = await edgeFetch("/v1/auth/logout", {
      method: "POST",
      json: {},
      headers: { ...COOKIE_MODE, cookie: `seeyoo_refresh=${second}` },
    });
    expect(logout.status).toBe(204);
    expect(refreshCookieOf(logout)).toBe("");
    const after = await edgeFetch("/v1/auth/refresh", {
      method: "POST",
      json: {},
      headers: { ...COOKIE_MODE, cookie: `seeyoo_refresh=${second}` },
    });
    expect(after.status).toBe(401);
  });
});
