/** /v1/admin/ingest-runs — recent ingest runs and their full reports (admin only). */
import { jsonResponse, problemResponse, routeDescriber, validated } from "@seeyoo/http";
import { found, IdParams, IngestRunDetail, IngestRunList, IngestRunsQuery } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireAdmin } from "../auth/require-admin.ts";
import type { AppEnv } from "../services.ts";
import { getRun, listRuns } from "./ingest-run-store.ts";

const describe = routeDescriber("Admin: ingest runs");

export const ingestRunRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describe("Recent ingest runs, newest first", {
      200: jsonResponse("The runs (`limit` 1–100, default 20; optionally one provider's)", IngestRunList),
      400: problemResponse("Bad limit or providerId"),
    }),
    requireAdmin,
    validated("query", IngestRunsQuery),
    async (c) => {
      const { limit, providerId } = c.req.valid("query");
      return c.json({
        runs: await listRuns(c.var.services.db, { limit, ...(providerId ? { providerId } : {}) }),
      });
    },
  )
  .get(
    "/:id",
    describe("One ingest run with its full report", {
      200: jsonResponse("The run", IngestRunDetail),
      400: problemResponse("Malformed id"),
      404: problemResponse("No run with this id"),
    }),
    requireAdmin,
    validated("param", IdParams),
    async (c) => c.json(found(await getRun(c.var.services.db, c.req.valid("param").id), "Ingest run")),
  );
