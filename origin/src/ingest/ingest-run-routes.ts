/** /v1/admin/ingest-runs — recent ingest runs and their full reports (admin only). */
import { describeRoute, jsonResponse, problemResponse, validated } from "@seeyoo/http";
import { IdParams, IngestRunDetail, IngestRunList, IngestRunsQuery, notFound } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireAdmin } from "../auth/require-admin.ts";
import type { AppEnv } from "../services.ts";
import { getRun, listRuns } from "./ingest-run-store.ts";

const TAGS = ["Admin: ingest runs"];

export const ingestRunRoutes = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      tags: TAGS,
      summary: "Recent ingest runs, newest first",
      responses: {
        200: jsonResponse("The runs", IngestRunList),
        400: problemResponse("Bad limit or providerId"),
      },
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
    describeRoute({
      tags: TAGS,
      summary: "One ingest run with its full report",
      responses: {
        200: jsonResponse("The run", IngestRunDetail),
        400: problemResponse("Malformed id"),
        404: problemResponse("No run with this id"),
      },
    }),
    requireAdmin,
    validated("param", IdParams),
    async (c) => {
      const run = await getRun(c.var.services.db, c.req.valid("param").id);
      if (!run) throw notFound("Ingest run");
      return c.json(run);
    },
  );
