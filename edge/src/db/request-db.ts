/**
 * Postgres for one request, through @neondatabase/serverless (the Postgres protocol over a
 * WebSocket; in production Neon's wsproxy sits in front of Aurora). In workerd a Pool cannot
 * outlive its request, so it is opened lazily and ended in waitUntil.
 */
import { neonConfig, Pool } from "@neondatabase/serverless";
import { ProblemError } from "@seeyoo/schema/wire";
import { drizzle, type NeonDatabase } from "drizzle-orm/neon-serverless";
import type { Settings } from "../env.ts";
import { enableTunnelTls } from "./tunnel-tls.ts";

export type EdgeDatabase = NeonDatabase<Record<string, never>> & { $client: Pool };

/** The driver's settings for this Worker: where the tunnel is and what is spoken inside it. */
export function configureDriver(settings: Settings) {
  const proxy = settings.neonWsProxy;
  if (proxy) neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = settings.neonWsSecure;
  // SCRAM authentication cannot be pipelined.
  neonConfig.pipelineConnect = false;
  // The URL's sslmode decides (env.ts): TLS to Postgres itself inside the tunnel, with the
  // driver's pure-JS TLS 1.3 client, or plain Postgres. The driver's default (never TLS inside,
  // trusting the secure WebSocket) would leave the wsproxy → Aurora leg in the clear.
  const tls = settings.databaseTls;
  neonConfig.forceDisablePgSSL = tls === null;
  if (tls) enableTunnelTls(tls.rootCerts);
}

export const databaseUnavailable = () =>
  new ProblemError(503, "unavailable", "The database is unreachable; try again shortly", {
    headers: { "retry-after": "5" },
  });

/**
 * Errors from Postgres itself carry a SQLSTATE; anything else means we could not reach it. Some
 * SQLSTATEs also mean "not now" rather than "this statement is wrong": connection exceptions
 * (08…), too many connections and other exhausted resources (53…), and a server starting up or
 * shutting down (57P01–57P03). Those are unavailability too: 503 with Retry-After, never a 500.
 */
const UNAVAILABLE = /^(08|53)|^57P0[1-3]$/;
const isServerError = (error: unknown) => {
  const code = (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !UNAVAILABLE.test(code);
};

export class RequestDb {
  readonly #settings: Settings;
  readonly #ctx: { waitUntil(promise: Promise<unknown>): void };
  #pool: Pool | null = null;
  #db: EdgeDatabase | null = null;

  constructor(settings: Settings, ctx: { waitUntil(promise: Promise<unknown>): void }) {
    this.#settings = settings;
    this.#ctx = ctx;
  }

  get db(): EdgeDatabase {
    if (!this.#db) {
      configureDriver(this.#settings);
      const pool = new Pool({ connectionString: this.#settings.databaseUrl, connectionTimeoutMillis: 5_000 });
      pool.on("error", () => {}); // a dropped socket after end() must not become an unhandled error
      this.#pool = pool;
      this.#db = drizzle(pool);
    }
    return this.#db;
  }

  /** Runs `work`; an unreachable database becomes 503 + Retry-After, SQL errors propagate. */
  async run<T>(work: (db: EdgeDatabase) => Promise<T>): Promise<T> {
    try {
      return await work(this.db);
    } catch (error) {
      if (error instanceof ProblemError || isServerError(error)) throw error;
      // Why the database could not answer, for operators (the viewer gets a plain 503).
      const cause = ((error as { cause?: unknown }).cause ?? error) as { message?: string; code?: unknown };
      console.warn(
        JSON.stringify({ level: "warn", msg: "database unavailable", err: cause.message, code: cause.code }),
      );
      throw databaseUnavailable();
    }
  }

  close(): void {
    const pool = this.#pool;
    if (pool) this.#ctx.waitUntil(pool.end().catch(() => {}));
    this.#pool = null;
    this.#db = null;
  }
}
