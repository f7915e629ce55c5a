import net from "node:net";
import { describe, expect, it } from "vitest";
import { isRedisReachable } from "./redis-reachable.ts";
import { REDIS_URL, requireRedis } from "./test-services.ts";

await requireRedis();

describe("isRedisReachable", () => {
  it("is true for the real Redis", async () => {
    expect(await isRedisReachable(REDIS_URL, 1_000)).toBe(true);
  });

  it("is false, quickly, for a port nobody listens on", async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    expect(await isRedisReachable(`redis://127.0.0.1:${port}`, 1_000)).toBe(false);
  });

  it("is false within the timeout for a server that never answers PING", async () => {
    const silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const started = Date.now();
      expect(await isRedisReachable(`redis://127.0.0.1:${port}`, 300)).toBe(false);
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
