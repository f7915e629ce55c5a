import { createRequire } from "node:module";
import net from "node:net";
import { neonConfig, Pool } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { type NeonWsProxy, startNeonWsProxy } from "./neon-ws-proxy.ts";

const WebSocketClient = createRequire(import.meta.url)("ws") as typeof WebSocket;

/** Opens a WebSocket and reports either "open" or the HTTP status the upgrade was refused with. */
function tryUpgrade(url: string): Promise<string | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocketClient(url);
    ws.on("open", () => {
      ws.close();
      resolve("open");
    });
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on("error", reject);
  });
}

describe("neon ws proxy is not an open relay", () => {
  let proxy: NeonWsProxy;
  let target: net.Server;
  let targetPort: number;

  beforeAll(async () => {
    proxy = await startNeonWsProxy();
    target = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    targetPort = (target.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => target.close(() => resolve()));
  });

  it("connects to loopback addresses by default", async () => {
    expect(await tryUpgrade(`${proxy.url}?address=127.0.0.1:${targetPort}`)).toBe("open");
    expect(await tryUpgrade(`${proxy.url}?address=localhost:${targetPort}`)).toBe("open");
  });

  it.each([
    "10.0.0.5:5432",
    "db.example.com:5432",
    "127.0.0.1.evil.example:5432",
    "localhost@evil.example:5432",
  ])("refuses %s with 403 before any TCP connection", async (address) => {
    expect(await tryUpgrade(`${proxy.url}?address=${encodeURIComponent(address)}`)).toBe(403);
  });

  it("makes the Neon driver fail, not connect, when its host is not allowed", async () => {
    neonConfig.webSocketConstructor = WebSocketClient;
    neonConfig.wsProxy = (host, port) => `127.0.0.1:${proxy.port}/v1?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
    const pool = new Pool({ connectionString: "postgres://postgres@db.example.com:5432/postgres" });
    pool.on("error", () => {});
    try {
      await expect(pool.query("select 1")).rejects.toThrow(/403/);
    } finally {
      await pool.end().catch(() => undefined);
    }
  });

  it("refuses a missing or malformed address with 400 and unknown paths with 404", async () => {
    expect(await tryUpgrade(proxy.url)).toBe(400);
    expect(await tryUpgrade(`${proxy.url}?address=127.0.0.1`)).toBe(400);
    expect(await tryUpgrade(`${proxy.url}?address=127.0.0.1:99999`)).toBe(400);
    expect(await tryUpgrade(proxy.url.replace("/v1", "/admin"))).toBe(404);
  });

  it("honours a custom allowAddress", async () => {
    const strict = await startNeonWsProxy({ allowAddress: /^127\.0\.0\.1:5432$/ });
    try {
      expect(await tryUpgrade(`${strict.url}?address=127.0.0.1:${targetPort}`)).toBe(403);
    } finally {
      await strict.close();
    }
  });
});
