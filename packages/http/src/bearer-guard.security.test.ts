import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { bearerGuard } from "./bearer-guard.ts";
import { problemErrorHandler } from "./problem-handlers.ts";
import { type RequestIdEnv, requestId } from "./request-id.ts";

const logged: Error[] = [];

/** A route behind a guard whose verifier knows one token, and breaks on another. */
function guardedApp() {
  const guard = bearerGuard<RequestIdEnv, "holder", { name: string }>({
    variable: "holder",
    realm: "test",
    scheme: "testKey",
    pattern: /^Bearer (\S+)$/,
    verify: async (token) => {
      if (token === "down") throw new Error("key store unreachable");
      return token === "good" || token === "guest" ? { name: token } : null;
    },
    permits: (holder) => holder.name !== "guest",
    titles: { missing: "Send a key", invalid: "Unknown key" },
  });
  const app = new Hono<RequestIdEnv>();
  app.use(requestId(() => {}));
  app.onError(problemErrorHandler((_c, error) => logged.push(error)));
  app.get("/", guard, (c) => c.json({ holder: c.var.holder.name }));
  return app;
}

const call = (authorization?: string) =>
  guardedApp().request("/", authorization ? { headers: { authorization } } : {});

describe("bearerGuard", () => {
  it("lets a valid token through, hands its holder to the handler, and keeps the answer out of caches", async () => {
    const res = await call("Bearer good");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ holder: "good" });
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });

  it("answers 401 with a challenge for no token, another scheme, or an unknown token", async () => {
    for (const header of [undefined, "Basic Z29vZA==", "Bearer", "bearer good"]) {
      const res = await call(header);
      expect(res.status, String(header)).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="test"');
    }
    const unknown = await call("Bearer forged");
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("www-authenticate")).toBe('Bearer realm="test", error="invalid_token"');
    expect((await unknown.json()).type).toBe("https://seeyoo.tv/problems/unauthorized");
  });

  it("answers 403 to a valid holder the route does not permit", async () => {
    const res = await call("Bearer guest");
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("does not blame the client when the verifier cannot work: 500, logged, no 401", async () => {
    const res = await call("Bearer down");
    expect(res.status).toBe(500);
    expect((await res.json()).detail).toMatch(/^Reference [0-9a-f-]{36}$/);
    expect(logged.map((e) => e.message)).toContain("key store unreachable");
  });
});
