import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Starts `server` listening (port 0 picks a free one) and returns the bound port and the host
 * as it goes into a URL (IPv6 literals in brackets). Rejects on EADDRINUSE and the like.
 */
export async function listen(
  server: Server,
  port: number,
  host: string,
): Promise<{ port: number; urlHost: string }> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    urlHost: host.includes(":") ? `[${host}]` : host,
  };
}
