/**
 * Postgres traffic inside the WebSocket tunnel is TLS when DATABASE_URL says sslmode=require (as
 * in production, where Aurora enforces rds.force_ssl): proved against a TLS-only Postgres through
 * the local proxy, from inside workerd, with the Worker's own database code.
 */
import { env as workerEnv } from "cloudflare:workers";
import { sql as drizzleSql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { context } from "../../test/worker-harness.ts";
import { type Bindings, settingsOf } from "../env.ts";
import { RequestDb } from "./request-db.ts";

const tls = context.tlsPostgres;
const env = workerEnv as unknown as Bindings;
const ctx = { waitUntil: (_: Promise<unknown>) => {} };

async function sessionOver(overrides: Partial<Bindings>) {
  const db = new RequestDb(settingsOf({ ...env, ...overrides }), ctx);
  try {
    const result = await db.run((d) =>
      d.execute<{ user: string; ssl: boolean; version: string | null }>(
        drizzleSql`select current_user as user, s.ssl, s.version from pg_stat_ssl s where s.pid = pg_backend_pid()`,
      ),
    );
    return result.rows[0];
  } finally {
    db.close();
  }
}

describe("TLS to Postgres inside the tunnel", () => {
  it("sslmode=require: the session is TLS 1.3, verified against DATABASE_CA_CERTS", async () => {
    const session = await sessionOver({
      DATABASE_URL: tls.edgeUrl,
      DATABASE_CA_CERTS: tls.caPem,
      NEON_WS_PROXY: tls.proxyUrl,
    });
    expect(session).toEqual({ user: "seeyoo_edge", ssl: true, version: "TLSv1.3" });
  });

  it("refuses a server whose certificate does not chain to DATABASE_CA_CERTS (503, no plain fallback)", async () => {
    await expect(
      sessionOver({
        DATABASE_URL: tls.edgeUrl,
        DATABASE_CA_CERTS: tls.otherCaPem,
        NEON_WS_PROXY: tls.proxyUrl,
      }),
    ).rejects.toMatchObject({ status: 503 });
  });

  it("sslmode=require against a server without TLS fails instead of speaking plain Postgres", async () => {
    const plain = new URL(env.DATABASE_URL);
    plain.search = "?sslmode=require";
    await expect(
      sessionOver({ DATABASE_URL: plain.toString(), DATABASE_CA_CERTS: tls.caPem }),
    ).rejects.toMatchObject({ status: 503 });
  });

  it("without sslmode (the local stack) the same TLS-capable server is spoken to in plain", async () => {
    const url = new URL(tls.edgeUrl);
    url.search = "";
    const session = await sessionOver({ DATABASE_URL: url.toString(), NEON_WS_PROXY: tls.proxyUrl });
    expect(session).toMatchObject({ user: "seeyoo_edge", ssl: false });
  });

  it("a Worker asked for TLS without trusted certificates does not start", () => {
    expect(() =>
      settingsOf({ ...env, DATABASE_URL: tls.edgeUrl, DATABASE_CA_CERTS: undefined } as Bindings),
    ).toThrow(/DATABASE_CA_CERTS/);
    expect(() =>
      settingsOf({ ...env, DATABASE_URL: `${env.DATABASE_URL}?sslmode=prefer` } as Bindings),
    ).toThrow(/sslmode/);
  });
});
