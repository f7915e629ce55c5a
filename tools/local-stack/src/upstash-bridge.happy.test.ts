import { randomUUID } from "node:crypto";
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_URL, requireRedis } from "./test-services.ts";
import { startUpstashBridge, type UpstashBridge } from "./upstash-bridge.ts";

const prefix = `local-stack-test:${randomUUID()}:`;
const key = (name: string) => `${prefix}${name}`;

await requireRedis();
describe("upstash bridge with the real @upstash/redis client", () => {
  let bridge: UpstashBridge;
  let redis: Redis;

  const raw = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${bridge.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${bridge.token}`, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    bridge = await startUpstashBridge({ redisUrl: REDIS_URL, token: randomUUID() });
    // The client's default responseEncoding is base64, so every call below exercises it.
    redis = new Redis({ url: bridge.url, token: bridge.token, enableAutoPipelining: false });
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await bridge.close();
  });

  it("sets, gets, increments and expires keys", async () => {
    expect(await redis.set(key("greeting"), "héllo ✓ wörld")).toBe("OK");
    expect(await redis.get(key("greeting"))).toBe("héllo ✓ wörld");
    expect(await redis.incr(key("counter"))).toBe(1);
    expect(await redis.incrby(key("counter"), 41)).toBe(42);
    expect(await redis.expire(key("counter"), 100)).toBe(1);
    const ttl = await redis.ttl(key("counter"));
    expect(ttl).toBeGreaterThan(90);
    expect(ttl).toBeLessThanOrEqual(100);
  });

  it("returns null for nil, also inside arrays", async () => {
    expect(await redis.get(key("missing"))).toBeNull();
    await redis.set(key("present"), "yes");
    expect(await redis.mget(key("present"), key("missing"))).toEqual(["yes", null]);
    const res = await raw("/", ["GET", key("missing")]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: null });
  });

  it("base64-encodes every string reply, recursively, when asked to", async () => {
    await redis.rpush(key("list"), "a", "ü", "3");
    const encoded = await raw("/", ["LRANGE", key("list"), "0", "-1"], { "Upstash-Encoding": "base64" });
    expect(await encoded.json()).toEqual({ result: ["YQ==", "w7w=", "Mw=="] });
    const plain = await raw("/", ["LRANGE", key("list"), "0", "-1"]);
    expect(await plain.json()).toEqual({ result: ["a", "ü", "3"] });
    await redis.hset(key("hash"), { name: "zoë", n: 7 });
    expect(await redis.hgetall(key("hash"))).toEqual({ name: "zoë", n: 7 });
  });

  it("runs a pipeline with one result per command", async () => {
    const p = redis.pipeline();
    p.set(key("p1"), "one");
    p.incr(key("p2"));
    p.get(key("p1"));
    p.get(key("p-missing"));
    expect(await p.exec()).toEqual(["OK", 1, "one", null]);
  });

  it("runs MULTI/EXEC atomically on one connection", async () => {
    const tx = redis.multi();
    tx.set(key("tx"), { channel: "bbc-one", viewers: 3 });
    tx.incr(key("tx-count"));
    tx.get(key("tx"));
    expect(await tx.exec()).toEqual(["OK", 1, { channel: "bbc-one", viewers: 3 }]);
  });

  it("serves auto-pipelined commands in one /pipeline request", async () => {
    const auto = new Redis({ url: bridge.url, token: bridge.token, enableAutoPipelining: true });
    const realFetch = globalThis.fetch;
    const paths: string[] = [];
    globalThis.fetch = (input, init) => {
      paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
      return realFetch(input, init);
    };
    try {
      const results = await Promise.all([
        auto.set(key("auto-a"), "A"),
        auto.set(key("auto-b"), "B"),
        auto.incr(key("auto-n")),
      ]);
      expect(results).toEqual(["OK", "OK", 1]);
      expect(await auto.mget(key("auto-a"), key("auto-b"))).toEqual(["A", "B"]);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(paths).toEqual(["/pipeline", "/pipeline"]);
  });

  it("supports the URL-path command form", async () => {
    await redis.set(key("path"), "via path");
    const res = await fetch(`${bridge.url}/get/${encodeURIComponent(key("path"))}`, {
      headers: { authorization: `Bearer ${bridge.token}` },
    });
    expect(await res.json()).toEqual({ result: "via path" });
  });

  it("loads Upstash shebang scripts and answers EVALSHA under the original SHA", async () => {
    const script = '#!lua flags=allow-key-locking\nreturn redis.call("INCRBY", KEYS[1], ARGV[1])';
    const loaded = await redis.scriptLoad(script);
    const { createHash } = await import("node:crypto");
    expect(loaded).toBe(createHash("sha1").update(script).digest("hex"));
    expect(await redis.evalsha(loaded, [key("script")], [5])).toBe(5);
    expect(await redis.eval(script, [key("script")], [2])).toBe(7);
  });

  it("limits with @upstash/ratelimit sliding and fixed windows", async () => {
    const sliding = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(3, "60 s"),
      prefix: key("rl-sliding"),
    });
    const fixed = new Ratelimit({
      redis,
      limiter: Ratelimit.fixedWindow(2, "60 s"),
      prefix: key("rl-fixed"),
    });
    const slidingResults = [];
    for (let i = 0; i < 5; i++) slidingResults.push(await sliding.limit("viewer-1"));
    expect(slidingResults.map((r) => r.success)).toEqual([true, true, true, false, false]);
    expect(slidingResults[0]?.remaining).toBe(2);
    expect((await sliding.limit("viewer-2")).success).toBe(true);

    const fixedResults = [];
    for (let i = 0; i < 3; i++) fixedResults.push((await fixed.limit("viewer-1")).success);
    expect(fixedResults).toEqual([true, true, false]);
    expect(await fixed.getRemaining("viewer-1")).toMatchObject({ remaining: 0 });
  });
});
