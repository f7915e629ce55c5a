/**
 * GET /v1/openapi.json and GET /docs of the edge: the API the SEEYOO apps talk to. The mobile
 * team generates its client from this document; the reference page's files are static assets
 * (web/dist/docs, copied by `npm run web:build`), so the Worker script stays small.
 */
import { type ApiDocsOptions, accessTokenSecurityScheme, mountApiDocs } from "@seeyoo/http";
import type { Hono } from "hono";
import type { EdgeEnv } from "../edge-env.ts";

export const EDGE_API_DOCS: ApiDocsOptions = {
  info: {
    title: "SEEYOO Live TV API",
    version: "1.0.0",
    description:
      "The API the SEEYOO apps talk to: accounts, channels, programme guide, favourites and playback.",
  },
  securitySchemes: accessTokenSecurityScheme("An access token from /v1/auth/login, /register or /refresh"),
  undocumented: ["/healthz", "/*"],
};

export const mountOpenApi = (app: Hono<EdgeEnv>) => mountApiDocs(app, EDGE_API_DOCS);
