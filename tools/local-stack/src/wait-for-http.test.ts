import http from "node:http";
import type net from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "./free-port.ts";
import { waitForHttp } from "./wait-for-http.ts";

describe("waitForHttp", () => {
  it("resolves once a server starts answering", async () => {
    const port = await freePort();
    const server = http.createServer((_req, res) => res.end("ok"));
    const late = setTimeout(() => server.listen(port, "127.0.0.1"), 400);
    try {
      await waitForHttp(`http://127.0.0.1:${port}/`, 5_000, 50);
      expect(server.listening).toBe(true);
    } finally {
      clearTimeout(late);
      server.close();
    }
  });

  it("keeps waiting while the server answers 5xx, then gives up with the last status", async () => {
    const server = http.createServer((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      await expect(waitForHttp(`http://127.0.0.1:${port}/`, 400, 50)).rejects.toThrow(
        /not ready after 400 ms.*HTTP 503/,
      );
    } finally {
      server.close();
    }
  });

  it("rejects after the timeout when nothing listens", async () => {
    const port = await freePort();
    const started = Date.now();
    await expect(waitForHttp(`http://127.0.0.1:${port}/`, 300, 50)).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
