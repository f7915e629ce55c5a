import { once } from "node:events";
import { createRequire } from "node:module";
import net from "node:net";
import { neonConfig, Pool } from "@neondatabase/serverless";
import { describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { type NeonWsProxy, startNeonWsProxy } from "./neon-ws-proxy.ts";

const WebSocketClient = createRequire(import.meta.url)("ws") as typeof WebSocket;

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

/** A proxy started for the Postgres (or stand-in) at 127.0.0.1:`port`, closed after `use`. */
async function withProxyFor(port: number, use: (proxy: NeonWsProxy) => Promise<void>): Promise<void> {
  const proxy = await startNeonWsProxy({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres` });
  try {
    await use(proxy);
  } finally {
    await proxy.close();
  }
}

describe("neon ws proxy: either side going away closes the other", () => {
  it("fails a Pool query quickly when nothing listens at the address", async () => {
    const probe = net.createServer();
    const closedPort = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await withProxyFor(closedPort, async (proxy) => {
      neonConfig.webSocketConstructor = WebSocketClient;
      neonConfig.wsProxy = (host, port) => `127.0.0.1:${proxy.port}/v1?address=${host}:${port}`;
      neonConfig.useSecureWebSocket = false;
      neonConfig.pipelineConnect = false;
      const pool = new Pool({ connectionString: `postgres://postgres@127.0.0.1:${closedPort}/postgres` });
      pool.on("error", () => {});
      const started = Date.now();
      try {
        await expect(pool.query("select 1")).rejects.toThrow();
        expect(Date.now() - started).toBeLessThan(3_000);
      } finally {
        await pool.end().catch(() => undefined);
      }
    });
  });

  it("closes the TCP connection when the WebSocket client disappears", async () => {
    const target = net.createServer();
    const upstreamClosed = new Promise<void>((resolve) => {
      target.once("connection", (socket) => {
        socket.resume();
        socket.on("close", () => resolve());
      });
    });
    const port = await listen(target);
    try {
      await withProxyFor(port, async (proxy) => {
        const ws = new WebSocketClient(`${proxy.url}?address=127.0.0.1:${port}`);
        await once(ws, "open");
        ws.send(Buffer.from("hello"));
        ws.terminate();
        await upstreamClosed;
      });
    } finally {
      await new Promise<void>((resolve) => target.close(() => resolve()));
    }
  });

  it("closes the WebSocket when the TCP side hangs up, after delivering its last bytes", async () => {
    const target = net.createServer((socket) => socket.end("bye"));
    const port = await listen(target);
    try {
      await withProxyFor(port, async (proxy) => {
        const ws = new WebSocketClient(`${proxy.url}?address=127.0.0.1:${port}`);
        const received: Buffer[] = [];
        ws.on("message", (data: Buffer) => received.push(data));
        const [code] = await once(ws, "close");
        expect(code).toBe(1000);
        expect(Buffer.concat(received).toString()).toBe("bye");
      });
    } finally {
      await new Promise<void>((resolve) => target.close(() => resolve()));
    }
  });
});
