/** What the Node-side test setup hands to the tests inside workerd. */
export interface EdgeTestContext {
  bindings: Record<string, string>;
  /** Private signing JWK of the origin, so tests can forge and expire tokens on purpose. */
  signingJwk: string;
  databaseUrl: string;
  proxyUrl: string;
  redisUrl: string;
  redisToken: string;
  cloudfrontPublicKeyPem: string;
  /** A JWKS endpoint whose key set tests can grow (key rotation) and whose fetches are counted. */
  rotatingJwksUrl: string;
  /**
   * An Upstash bridge in front of a redis-server of this run's own, which tests may flush (never
   * the machine's shared Redis). Only one test file uses it, so flushing disturbs no other.
   */
  privateRedis: { url: string; token: string };
  /** A second migrated database on the same Postgres (another "stack" sharing the Redis). */
  otherDatabaseUrl: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    edge: EdgeTestContext;
  }
}
