/**
 * A real origin on a free port of 127.0.0.1, as the tests of the origin and of the edge start it:
 * the configuration from `env` (plus test defaults: fast bcrypt, silent logs), the services, and
 * the HTTP server. No vitest here: the edge's global setup runs it in Node.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logging/logger.ts";
import { createServices, type Services } from "../src/services.ts";

export interface OriginServer {
  url: string;
  services: Services;
  close(): Promise<void>;
}

export async function startOriginServer(env: Record<string, string>): Promise<OriginServer> {
  const config = loadConfig({ BCRYPT_COST: "4", ORIGIN_PORT: "0", LOG_LEVEL: "silent", ...env });
  const services = await createServices(config, createLogger(config.logLevel));
  const server = serve({ fetch: createApp(services).fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    services,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.passwords.close();
      await Promise.all([services.pool.end(), services.ingestPool.end()]);
    },
  };
}
