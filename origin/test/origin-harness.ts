/**
 * Starts a real origin for one test file: its own database (cloned from the migrated template),
 * fresh JWT keys, and the real HTTP server on a free port. Tests talk to it with fetch, exactly as
 * a client would.
 */
import { generateSigningJwk } from "@seeyoo/dev-data/signing-key";
import type { JWK } from "jose";
import { inject } from "vitest";
import type { Services } from "../src/services.ts";
import { signUp } from "./accounts.ts";
import { startOriginServer } from "./origin-server.ts";
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
  const server = await startOriginServer({
    DATABASE_URL: url,
    JWT_PRIVATE_KEYS: JSON.stringify([signingJwk]),
    ...env,
  });
  return {
    url: server.url,
    databaseUrl: url,
    services: server.services,
    signingJwk,
    request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        headers["content-type"] ??= "application/json";
        body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      }
      return fetch(`${server.url}${path}`, { method, headers, body });
    },
    close: () => server.close(),
  };
}

/** A test origin with an admin signed in: where the admin API's tests start. */
export async function startAdminOrigin(
  env: Record<string, string> = {},
): Promise<{ origin: TestOrigin; adminToken: string }> {
  const origin = await startTestOrigin(env);
  return { origin, adminToken: (await signUp(origin, { role: "admin" })).accessToken };
}
