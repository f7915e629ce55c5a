/** What the Node-side test setup hands to the tests inside workerd. */
export interface EdgeTestContext {
  bindings: Record<string, string>;
  /** Private signing JWK of the origin, so tests can forge and expire tokens on purpose. */
  signingJwk: string;
  /** An admin account in the test database, the subject of `adminToken()`. */
  adminId: string;
  /** The test database as its owner (for seeding); the Worker's DATABASE_URL is seeyoo_edge's. */
  databaseUrl: string;
  proxyUrl: string;
  redisUrl: string;
  redisToken: string;
  cloudfrontPublicKeyPem: string;
  /** A JWKS endpoint whose key set tests can grow (key rotation) and whose fetches are counted. */
  rotatingJwksUrl: string;
  /** A TLS-only Postgres (see tls-postgres.ts) and its own proxy. */
  tlsPostgres: { edgeUrl: string; proxyUrl: string; caPem: string; otherCaPem: string };
  /**
   * An Upstash bridge in front of a redis-server of this run's own, which tests may flush (never
   * the machine's shared Redis). Only one test file uses it, so flushing disturbs no other.
   */
  privateRedis: { url: string; token: string };
  /** A second migrated database on the same Postgres (another "stack" sharing the Redis), as its owner. */
  otherDatabaseUrl: string;
  /** That database as the Worker sees it (seeyoo_edge). */
  otherEdgeDatabaseUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    edge: EdgeTestContext;
  }
}
