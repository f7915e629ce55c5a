import { describeRoute } from "@seeyoo/http";
import { Hono } from "hono";
import type { AppEnv } from "../services.ts";

/** GET /.well-known/jwks.json — the public keys the edge verifies access tokens with. */
export const jwksRoutes = new Hono<AppEnv>().get(
  "/jwks.json",
  describeRoute({
    tags: ["Account"],
    summary: "The public keys access tokens are signed with (JWKS, ES256, by kid)",
    responses: { 200: { description: "A JSON Web Key Set", content: { "application/json": {} } } },
  }),
  (c) => {
    // Short enough that a new key is picked up well within one access-token lifetime.
    c.header("cache-control", "public, max-age=300, stale-while-revalidate=60");
    return c.json(c.var.services.keys.jwks());
  },
);
