/**
 * GET /v1/openapi.json and GET /docs of the origin: the provider-facing ingest API, the admin API,
 * the account API the edge forwards to, and the operations endpoints — generated from the same
 * schemas that validate the requests.
 */
import { type ApiDocsOptions, accessTokenSecurityScheme, DOCS_PATH, mountApiDocs } from "@seeyoo/http";
import type { Hono } from "hono";
import type { AppEnv } from "../services.ts";
import { apiReferenceAssets } from "./api-reference-assets.ts";

export const ORIGIN_API_DOCS: ApiDocsOptions = {
  info: {
    title: "SEEYOO origin API",
    version: "1.0.0",
    description:
      "EPG providers post schedules (XMLTV or JSON) to the ingest API with their API key; admins " +
      "manage channels, providers and ingest runs with an admin access token. Errors are " +
      "application/problem+json (RFC 9457) with a stable `type`.",
  },
  securitySchemes: {
    ...accessTokenSecurityScheme("An admin's access token (POST /v1/auth/login)"),
    providerKey: {
      type: "http",
      scheme: "bearer",
      description: "An EPG provider's API key (`sk_epg_…`), created by an admin",
    },
  },
  undocumented: [`${DOCS_PATH}/{file}`],
};

export function mountOpenApi(app: Hono<AppEnv>): void {
  app.route("/", apiReferenceAssets);
  mountApiDocs(app, ORIGIN_API_DOCS);
}
