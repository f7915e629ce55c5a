import { Hono } from "hono";
import type { AppEnv } from "../services.ts";

/** GET /.well-known/jwks.json — the public keys the edge verifies access tokens with. */
export const jwksRoutes = new Hono<AppEnv>().get("/jwks.json", (c) => {
  // Short enough that a new key is picked up well within one access-token lifetime.
  c.header("cache-control", "public, max-age=300, stale-while-revalidate=60");
  return c.json(c.var.services.keys.jwks());
});
