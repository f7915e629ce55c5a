import { randomUUID } from "node:crypto";
import net from "node:net";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./free-port.ts";
import { REDIS_URL, requireRedis } from "./test-services.ts";
import { startUpstashBridge, type UpstashBridge } from "./upstash-bridge.ts";

const prefix = `local-stack-test:${randomUUID()}:`;
const key = (name: string) => `${prefix}${name}`;

function post(bridge: UpstashBridge, path: string, body: string) {
  return fetch(`${bridge.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${bridge.token}` },
    body,
  });
}

/** A command (`/`) or a list of commands (`/pipeline`, `/multi-exec`), as Upstash's clients send them. */
const postCommands = (bridge: UpstashBridge, path: string, commands: unknown) =>
  post(bridge, path, JSON.stringify(commands));

await requireRedis();
describe("upstash bridge: Redis errors reach the client unchanged", () => {
  let bridge: UpstashBridge;
  let redis: Redis;

  beforeAll(async () => {
    bridge = await startUpstashBridge({ redisUrl: REDIS_URL, token: randomUUID() });
    redis = new Redis({ url: bridge.url, token: bridge.token, enableAutoPipelining: false });
    await redis.set(key("text"), "not a number");
  });

  afterAll(async () => {
    await redis.del(key("text"), key("tx"));
    await bridge.close();
  });

  it("answers a failed single command with 400 and Redis's own text", async () => {
    const res = await postCommands(bridge, "/", ["INCR", key("text")]);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "ERR value is not an integer or out of range" });
    await expect(redis.incr(key("text"))).rejects.toThrow("ERR value is not an integer or out of range");
  });

  it("passes NOSCRIPT through so clients fall back to EVAL", async () => {
    const res = await postCommands(bridge, "/", ["EVALSHA", "0".repeat(40), "0"]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^NOSCRIPT /);
  });

  it("reports errors per item in a pipeline without failing the rest", async () => {
    const res = await postCommands(bridge, "/pipeline", [
      ["INCR", key("text")],
      ["ECHO", "still here"],
    ]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { error: "ERR value is not an integer or out of range" },
      { result: "still here" },
    ]);
  });

  it("reports runtime errors per item inside MULTI/EXEC and rejects a transaction Redis discards", async () => {
    const ran = await postCommands(bridge, "/multi-exec", [
      ["INCR", key("text")],
      ["SET", key("tx"), "1"],
    ]);
    expect(await ran.json()).toEqual([
      { error: "ERR value is not an integer or out of range" },
      { result: "OK" },
    ]);

    const discarded = await postCommands(bridge, "/multi-exec", [["SET", key("tx"), "2"], ["NOSUCHCOMMAND"]]);
    expect(discarded.status).toBe(400);
    expect(((await discarded.json()) as { error: string }).error).toMatch(/^ERR unknown command/);
    expect(await redis.get(key("tx"))).toBe(1);
  });

  it("refuses blocking commands, which would stall every other request on the shared connection", async () => {
    for (const command of [
      ["BLPOP", key("queue"), "0"],
      ["XREAD", "BLOCK", "0", "STREAMS", key("stream"), "$"],
    ]) {
      const res = await postCommands(bridge, "/", command);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(
        /^ERR bridge: (BLPOP|XREAD BLOCK) is not/,
      );
    }
    const nonBlocking = await postCommands(bridge, "/", ["XREAD", "STREAMS", key("stream"), "0"]);
    expect(await nonBlocking.json()).toEqual({ result: null });
  });

  it("rejects malformed requests with 400", async () => {
    expect((await post(bridge, "/", "{not json")).status).toBe(400);
    expect((await post(bridge, "/", JSON.stringify({ cmd: "GET" }))).status).toBe(400);
    expect((await postCommands(bridge, "/pipeline", [["GET", { nested: true }]])).status).toBe(400);
  });
});

describe("upstash bridge: an unreachable Redis fails fast", () => {
  it("answers 503 when nothing listens on the Redis port", async () => {
    const closedPort = await freePort();

    const bridge = await startUpstashBridge({ redisUrl: `redis://127.0.0.1:${closedPort}`, token: "t" });
    try {
      const started = Date.now();
      const res = await postCommands(bridge, "/", ["PING"]);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toMatch(/ECONNREFUSED/);
      expect(Date.now() - started).toBeLessThan(2_000);
      const redis = new Redis({ url: bridge.url, token: "t", retry: false });
      await expect(redis.get("anything")).rejects.toThrow(/cannot reach Redis/);
      expect((await fetch(bridge.url)).status).toBe(503);
    } finally {
      await bridge.close();
    }
  });

  it("answers 503 when Redis accepts the connection but never replies", async () => {
    // Reads (and ignores) everything, so it sees the bridge hang up.
    const silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const bridge = await startUpstashBridge({
      redisUrl: `redis://127.0.0.1:${port}`,
      token: "t",
      commandTimeoutMs: 300,
    });
    try {
      const started = Date.now();
      const res = await postCommands(bridge, "/pipeline", [["PING"]]);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: string }).error).toMatch(/no reply from Redis/);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await bridge.close();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
