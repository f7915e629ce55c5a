/**
 * Starts a real origin for one test file: its own database (cloned from the migrated template),
 * fresh JWT keys, and the real HTTP server on a free port. Tests talk to it with fetch, exactly as
 * a client would.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { JWK } from "jose";
import { inject } from "vitest";
import { createApp } from "../src/app.ts";
import { generateSigningJwk } from "../src/auth/signing-keys.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logging/logger.ts";
import { createServices, type Services } from "../src/services.ts";
import { cloneTestDatabase } from "./postgres-global-setup.ts";

export interface TestOrigin {
  url: string;
  databaseUrl: string;
  services: Services;
  signingJwk: JWK;
  request(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** A fresh, migrated, empty database of its own. */
export const createTestDatabase = (): Promise<string> =>
  cloneTestDatabase(inject("pgAdminUrl"), inject("pgTemplate"));

export async function startTestOrigin(env: Record<string, string> = {}): Promise<TestOrigin> {
  const url = env.DATABASE_URL ?? (await createTestDatabase());
  const signingJwk = await generateSigningJwk("test-key-1");
  const config = loadConfig({
    DATABASE_URL: url,
    JWT_PRIVATE_KEYS: JSON.stringify([signingJwk]),
    BCRYPT_COST: "4",
    ORIGIN_PORT: "0",
    LOG_LEVEL: "silent",
    ...env,
  });
  const services = await createServices(config, createLogger(config.logLevel));
  const app = createApp(services);
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    databaseUrl: url,
    services,
    signingJwk,
    request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        headers["content-type"] ??= "application/json";
        body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      }
      return fetch(`${base}${path}`, { method, headers, body });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.passwords.close();
      await services.pool.end();
    },
  };
}
