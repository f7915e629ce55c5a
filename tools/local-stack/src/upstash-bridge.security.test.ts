import { randomUUID } from "node:crypto";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_URL, requireRedis } from "./test-services.ts";
import { startUpstashBridge, type UpstashBridge } from "./upstash-bridge.ts";

await requireRedis();
describe("upstash bridge: only token holders reach Redis", () => {
  let bridge: UpstashBridge;
  const secretKey = `local-stack-test:${randomUUID()}:secret`;

  beforeAll(async () => {
    bridge = await startUpstashBridge({ redisUrl: REDIS_URL, token: randomUUID() });
    await new Redis({ url: bridge.url, token: bridge.token }).set(secretKey, "s3cret");
  });

  afterAll(async () => {
    await new Redis({ url: bridge.url, token: bridge.token }).del(secretKey);
    await bridge.close();
  });

  it("rejects a client with the wrong token with 401", async () => {
    const intruder = new Redis({ url: bridge.url, token: "wrong-token", retry: false });
    await expect(intruder.get(secretKey)).rejects.toThrow(/Unauthorized/);
  });

  it.each([
    ["no Authorization header", {}],
    ["a wrong Bearer token", { authorization: "Bearer nope" }],
    ["a non-Bearer scheme", { authorization: "Basic Zm9vOmJhcg==" }],
  ])("answers 401 to %s on every endpoint", async (_label, headers: Record<string, string>) => {
    for (const [path, body] of [
      ["/", ["GET", secretKey]],
      ["/pipeline", [["GET", secretKey]]],
      ["/multi-exec", [["GET", secretKey]]],
    ] as const) {
      const res = await fetch(`${bridge.url}${path}`, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain("s3cret");
    }
    const pathForm = await fetch(`${bridge.url}/get/${encodeURIComponent(secretKey)}`, { headers });
    expect(pathForm.status).toBe(401);
  });

  it("accepts the token as the _token query parameter, like Upstash", async () => {
    const res = await fetch(`${bridge.url}/get/${encodeURIComponent(secretKey)}?_token=${bridge.token}`);
    expect(await res.json()).toEqual({ result: "s3cret" });
  });

  it("refuses to start without a token", async () => {
    await expect(startUpstashBridge({ redisUrl: REDIS_URL, token: "" })).rejects.toThrow(/token is required/);
  });
});

describe("upstash bridge: one bridge, one Redis database", () => {
  let cache: UpstashBridge;
  let state: UpstashBridge;
  const shared = `local-stack-test:${randomUUID()}:which-db`;

  beforeAll(async () => {
    cache = await startUpstashBridge({ redisUrl: REDIS_URL, token: randomUUID() });
    state = await startUpstashBridge({ redisUrl: REDIS_URL, database: 1, token: randomUUID() });
  });

  afterAll(async () => {
    for (const bridge of [cache, state]) {
      await new Redis({ url: bridge.url, token: bridge.token }).del(shared);
      await bridge.close();
    }
  });

  it("keeps the state database (1) apart from the cache database (0)", async () => {
    const inCache = new Redis({ url: cache.url, token: cache.token });
    const inState = new Redis({ url: state.url, token: state.token });
    await inCache.set(shared, "cache");
    expect(await inState.get(shared)).toBeNull();
    await inState.set(shared, "state");
    expect(await inCache.get(shared)).toBe("cache");
    expect(await inState.get(shared)).toBe("state");
  });

  it("refuses SELECT in every form, so no request can move the shared connection", async () => {
    const call = (path: string, body?: unknown) =>
      fetch(`${state.url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${state.token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    for (const res of [
      await call("/", ["SELECT", "0"]),
      await call("/pipeline", [
        ["select", "0"],
        ["GET", shared],
      ]),
      await call("/multi-exec", [["SELECT", "0"]]),
      await call("/select/0"),
    ]) {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/^ERR bridge: SELECT is not supported/);
    }
    expect(await new Redis({ url: state.url, token: state.token }).get(shared)).toBe("state");
  });
});
