// WebSocket -> TCP proxy speaking the protocol of Neon's `wsproxy`, so `@neondatabase/serverless`
// (Pool/Client) can reach a plain Postgres: the client opens ws://host:port/v1?address=HOST:PORT
// and binary frames are piped both ways to a TCP socket. It relays only to the one database it
// was started for, and never for a web page: any site a developer visits could otherwise open a
// WebSocket to it and reach every loopback service (the origin, Redis) through it.
import http from "node:http";
import { createRequire } from "node:module";
import net from "node:net";
import type { Duplex } from "node:stream";
import type { RawData, WebSocket } from "ws";
import { listen } from "./listen.ts";

// The ESM entry of `ws` can resolve to its browser stub under vitest; require() gets the Node build.
const { WebSocketServer } = createRequire(import.meta.url)("ws") as typeof import("ws");

export type NeonWsProxyOptions = {
  port?: number;
  host?: string;
  /** The Postgres the Worker's DATABASE_URL names; the only address the proxy relays to. */
  databaseUrl: string;
};
export type NeonWsProxy = { url: string; port: number; close(): Promise<void> };
// Stop reading from Postgres while this much is queued towards a slow WebSocket client.
const HIGH_WATER_BYTES = 1024 * 1024;

function parseAddress(address: string): { host: string; port: number } | undefined {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(address);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: (match[1] as string).replace(/^\[(.*)\]$/, "$1"), port };
}

function databaseAddress(databaseUrl: string): { host: string; port: number } {
  const url = new URL(databaseUrl);
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new Error(`startNeonWsProxy: databaseUrl must be a postgres:// URL, got ${url.protocol}`);
  }
  return { host: url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase(), port: Number(url.port || "5432") };
}

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: text/plain\r\nConnection: close\r\n` +
      `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}

function pipeSocketPair(ws: WebSocket, tcp: net.Socket): void {
  let queuedToClient = 0;
  ws.pause(); // hold client frames until the TCP connection is up

  tcp.on("connect", () => ws.resume());
  tcp.on("data", (chunk) => {
    queuedToClient += chunk.length;
    if (queuedToClient > HIGH_WATER_BYTES) tcp.pause();
    ws.send(chunk, { binary: true }, () => {
      queuedToClient -= chunk.length;
      if (queuedToClient <= HIGH_WATER_BYTES && tcp.isPaused()) tcp.resume();
    });
  });
  ws.on("message", (data: RawData) => {
    // binaryType is the default "nodebuffer", so every frame arrives as one Buffer.
    if (tcp.writable && !tcp.write(data as Buffer)) ws.pause();
  });
  tcp.on("drain", () => ws.resume());

  // Either side going away closes the other. The client is read from again first so its
  // close-frame reply arrives; a paused client would make ws wait out its 30 s closing timeout.
  const closeClient = (code: number, reason = "") => {
    if (ws.readyState !== ws.OPEN) return;
    ws.resume();
    ws.close(code, reason);
  };
  tcp.on("end", () => closeClient(1000));
  tcp.on("close", () => closeClient(1000));
  tcp.on("error", (err) => closeClient(1011, `upstream error: ${err.message}`.slice(0, 120)));
  ws.on("close", () => tcp.end());
  ws.on("error", () => tcp.destroy());
}

export async function startNeonWsProxy(options: NeonWsProxyOptions): Promise<NeonWsProxy> {
  const { port = 0, host = "127.0.0.1" } = options;
  const database = databaseAddress(options.databaseUrl);
  const sockets = new Set<net.Socket>();
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((_req, res) => {
    res.writeHead(426, { "content-type": "text/plain" });
    res.end("WebSocket upgrade required: ws://HOST:PORT/v1?address=DBHOST:DBPORT\n");
  });

  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://proxy");
    const address = url.searchParams.get("address") ?? "";
    const target = parseAddress(address);
    // Browsers always send Origin on a WebSocket upgrade; the Neon driver in workerd or Node does not.
    if (req.headers.origin !== undefined) return refuseUpgrade(socket, 403, "not for web pages\n");
    if (url.pathname !== "/v1" && url.pathname !== "/v2") return refuseUpgrade(socket, 404, "unknown path\n");
    if (!target) return refuseUpgrade(socket, 400, "address must be HOST:PORT\n");
    if (target.host.toLowerCase() !== database.host || target.port !== database.port) {
      return refuseUpgrade(socket, 403, `address not allowed: ${address}\n`);
    }

    wss.handleUpgrade(req, socket, head, (ws) => {
      const tcp = net.connect({ host: target.host, port: target.port });
      tcp.setNoDelay(true);
      sockets.add(tcp);
      tcp.on("close", () => sockets.delete(tcp));
      pipeSocketPair(ws, tcp);
    });
  });

  const { port: actualPort, urlHost } = await listen(server, port, host);

  return {
    url: `ws://${urlHost}:${actualPort}/v1`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of wss.clients) client.terminate();
        for (const tcp of sockets) tcp.destroy();
        wss.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
