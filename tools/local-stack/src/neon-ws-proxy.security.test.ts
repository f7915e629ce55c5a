import { createRequire } from "node:module";
import net from "node:net";
import { neonConfig, Pool } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { type NeonWsProxy, startNeonWsProxy } from "./neon-ws-proxy.ts";

const WebSocketClient = createRequire(import.meta.url)("ws") as typeof WebSocket;

/** Opens a WebSocket and reports either "open" or the HTTP status the upgrade was refused with. */
function tryUpgrade(url: string, headers: Record<string, string> = {}): Promise<string | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocketClient(url, { headers });
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

async function listenOnLoopback(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

describe("neon ws proxy is not an open relay", () => {
  let proxy: NeonWsProxy;
  // Stand-ins: the database the proxy is started for, and another loopback service (the origin, Redis).
  let database: net.Server;
  let databasePort: number;
  let otherService: net.Server;
  let otherPort: number;
  const connected: string[] = [];

  beforeAll(async () => {
    database = net.createServer((socket) => socket.end());
    otherService = net.createServer((socket) => {
      connected.push("other service");
      socket.end();
    });
    databasePort = await listenOnLoopback(database);
    otherPort = await listenOnLoopback(otherService);
    proxy = await startNeonWsProxy({ databaseUrl: `postgres://postgres@127.0.0.1:${databasePort}/seeyoo` });
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => database.close(() => resolve()));
    await new Promise<void>((resolve) => otherService.close(() => resolve()));
  });

  it("relays to the database address it was started for", async () => {
    expect(await tryUpgrade(`${proxy.url}?address=127.0.0.1:${databasePort}`)).toBe("open");
  });

  it("refuses any other loopback service with 403 before any TCP connection", async () => {
    expect(await tryUpgrade(`${proxy.url}?address=127.0.0.1:${otherPort}`)).toBe(403);
    expect(await tryUpgrade(`${proxy.url}?address=localhost:${otherPort}`)).toBe(403);
    expect(connected).toEqual([]);
  });

  it("refuses an upgrade from a web page (a browser always sends Origin), even to the database", async () => {
    for (const origin of ["https://evil.example", "http://127.0.0.1:8787", "null"]) {
      expect(await tryUpgrade(`${proxy.url}?address=127.0.0.1:${databasePort}`, { origin })).toBe(403);
    }
  });

  it.each([
    "10.0.0.5:5432",
    "db.example.com:5432",
    "127.0.0.1.evil.example:5432",
    "localhost@evil.example:5432",
  ])("refuses %s with 403", async (address) => {
    expect(await tryUpgrade(`${proxy.url}?address=${encodeURIComponent(address)}`)).toBe(403);
  });

  it("makes the Neon driver fail, not connect, when its host is not the database", async () => {
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

  it("will not start without a postgres:// database URL", async () => {
    await expect(startNeonWsProxy({ databaseUrl: "redis://127.0.0.1:6379" })).rejects.toThrow(
      /postgres:\/\//,
    );
  });
});
