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
