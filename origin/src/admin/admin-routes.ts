import { Hono } from "hono";
import { jsonBodyLimit } from "../http/json-body-limit.ts";
import { ingestRunRoutes } from "../ingest/ingest-run-routes.ts";
import type { AppEnv } from "../services.ts";
import { channelRoutes } from "./channel-routes.ts";
import { providerChannelRoutes } from "./provider-channel-routes.ts";
import { providerRoutes } from "./provider-routes.ts";
import { userRoutes } from "./user-routes.ts";

/** /v1/admin/* — the admin API: channels, EPG providers and their channels, ingest runs, accounts (each route guards itself). */
export const adminRoutes = new Hono<AppEnv>()
  .use(jsonBodyLimit)
  .route("/channels", channelRoutes)
  .route("/providers", providerRoutes)
  .route("/providers", providerChannelRoutes)
  .route("/ingest-runs", ingestRunRoutes)
  .route("/users", userRoutes);
