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
}

declare module "vitest" {
  export interface ProvidedContext {
    edge: EdgeTestContext;
  }
}
